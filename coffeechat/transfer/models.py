"""An uploaded file: waiting for the user to read its preview, being imported, or done."""

from django.db import models
from django.urls import reverse

from coffeechat.core.models import Owned

BACKUP = "backup"  # the format of a batch that holds a JSON backup to restore


class BatchStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    RUNNING = "running", "Importing"
    COMMITTED = "committed", "Imported"
    FAILED = "failed", "Stopped; nothing was saved"


class Phase(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    READING = "reading", "Reading the file and matching it with your contacts"
    SAVING = "saving", "Saving contacts"
    RESTORING = "restoring", "Restoring your backup"


class ImportBatch(Owned):
    filename = models.CharField(max_length=255, blank=True)
    # What the user asked for ("auto" included) and what the file turned out to be.
    requested_format = models.CharField(max_length=20, default="auto")
    format = models.CharField(max_length=20, blank=True)
    # {column header: contact field} for generic CSV files.
    mapping = models.JSONField(default=dict, blank=True)
    # {organisation key in the file: id of the user's organisation to use instead}, chosen in
    # the preview where a new name looks like one the user has ("Arup" / "Arup Group Ltd").
    org_choices = models.JSONField(default=dict, blank=True)
    data = models.BinaryField(blank=True)
    # The file read into records once (services/parsed.py), so previews and the commit do not
    # parse it again; emptied with `data` once imported.
    parsed = models.BinaryField(blank=True)
    size = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    # A backup's contents (restore_preview.BackupContents), found once at upload, so its preview
    # page and its confirmation never read the file again to say what it holds.
    preview = models.JSONField(default=dict, blank=True)
    # Counts written at commit time, kept as a small record of what happened.
    summary = models.JSONField(default=dict, blank=True)
    # Why a running import stopped, in words for the user.
    error = models.TextField(blank=True)
    # Progress of a running import, written by the task so any app server can show it.
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # Each start (and "Try again") is a new attempt; only the task started for the current
    # attempt may record an outcome, so a stale task from an abandoned attempt rolls back.
    attempt = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None

    def __str__(self) -> str:
        return self.filename or f"Import {self.pk}"

    @property
    def is_backup(self) -> bool:
        return self.format == BACKUP

    def get_absolute_url(self) -> str:
        if self.is_backup:
            return reverse("transfer:restore_preview", args=[self.pk])
        return reverse("transfer:batch", args=[self.pk])
