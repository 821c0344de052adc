"""Import (upload → preview → commit or cancel), export downloads, duplicates and merging."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_POST

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.http import wants_json
from coffeechat.transfer.forms import MappingForm, RestoreForm, UploadForm
from coffeechat.transfer.models import BACKUP, BatchStatus, ImportBatch, Phase
from coffeechat.transfer.parsers import csv_generic, detect_bytes, encoding
from coffeechat.transfer.records import ImportRefused
from coffeechat.transfer.services import holding, jobs, runs
from coffeechat.transfer.services.backup import RestoreError, export_json, parse_backup
from coffeechat.transfer.services.exporting import (
    export_csv,
    export_ics,
    export_vcard,
)
from coffeechat.transfer.services.importing import plan_batch
from coffeechat.transfer.services.merging import (
    likely_duplicates,
    merge_contacts,
    related_counts,
)
from coffeechat.transfer.services.parsed import store_parsed
from coffeechat.transfer.services.restore_preview import (
    BackupContents,
    inspect_backup,
    preview_restore,
)

ORG_FIELD = "org:"  # the preview's organisation answers (batch_organisations)
EXPORTS = {
    "json": ("coffeechat-backup.json", "application/json", export_json),
    "csv": ("contacts.csv", "text/csv", export_csv),
    "vcard": ("contacts.vcf", "text/vcard", lambda user: export_vcard(user, "3.0")),
    "vcard4": ("contacts-vcard4.vcf", "text/vcard", lambda user: export_vcard(user, "4.0")),
    "ics": ("meetings.ics", "text/calendar", export_ics),
}


def _batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    # The file itself is read only where it is needed (the column mapping, a new parse).
    batches = ImportBatch.objects.owned_by(request.user).defer("data")
    return get_object_or_404(batches, pk=batch_id, status=BatchStatus.PENDING)


def _index_page(request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    """The import page, also when it answers an upload it refused: with the size limits and
    the files still held (the user may need to import or cancel one to make room)."""
    files = holding.held(request.user).defer("data", "parsed")
    context = {
        "form": form,
        "pending": [batch for batch in files if batch.status == BatchStatus.PENDING],
        "stopped": [batch for batch in files if batch.status != BatchStatus.PENDING],
        "max_mb": f"{encoding.max_import_bytes() / 2**20:g}",
        "max_held": holding.max_held_files(),
        "max_held_mb": f"{holding.max_held_bytes() / 2**20:g}",
    }
    return render(request, "transfer/index.html", context, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return _index_page(request, UploadForm())


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _index_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    holding.expire()
    try:
        encoding.check_size(upload.size)
        holding.check_room(request.user, upload.size)
    except ImportRefused as refusal:
        form.add_error("file", str(refusal))
        return _index_page(request, form, status=400)
    data = upload.read()
    batch = ImportBatch.objects.create(
        user=request.user,
        filename=upload.name[:255],
        requested_format=form.cleaned_data["format"],
        data=data,
        size=len(data),
    )
    batch.format = detect_bytes(data, batch.requested_format)
    batch.save(update_fields=["format"])
    if batch.format == "csv":
        # The user confirms the columns first; the file is parsed once they are chosen.
        return redirect("transfer:mapping", batch.pk)
    store_parsed(batch)  # once: the previews and the commit read the stored records
    return redirect("transfer:batch", batch.pk)


@login_required
def mapping(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    try:
        text, _used = encoding.decode(bytes(batch.data))
    except ImportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("transfer:batch", batch.pk)
    columns = csv_generic.headers(text)
    if len(columns) > csv_generic.MAX_COLUMNS:
        # One select per column would be a page of megabytes and a form Django refuses to
        # read (over 1,000 fields), so say what to do instead.
        return render(
            request,
            "transfer/mapping.html",
            {"batch": batch, "too_wide": len(columns), "max_columns": csv_generic.MAX_COLUMNS},
        )
    initial = batch.mapping or csv_generic.guess_mapping(columns)
    form = MappingForm(request.POST or None, columns=columns, initial_mapping=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.mapping()
        if not csv_generic.mapping_is_usable(chosen):
            form.add_error(None, "Choose at least one column with a name or an e-mail address.")
        else:
            batch.mapping = chosen
            batch.format = "csv"
            batch.save(update_fields=["mapping", "format"])
            store_parsed(batch)  # parses the file again only if the mapping changed
            return redirect("transfer:batch", batch.pk)
    return render(request, "transfer/mapping.html", {"batch": batch, "form": form})


@login_required
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    if batch.is_backup:
        return redirect(batch.get_absolute_url())
    plan = plan_batch(request.user, batch)
    return render(
        request,
        "transfer/preview.html",
        {
            "batch": batch,
            "plan": plan,
            "counts": plan.counts,
            "sample": plan.sample(),
            "org_field": ORG_FIELD,
        },
    )


@login_required
@require_POST
def batch_organisations(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Save the preview's answers to "use the existing organisation or keep the new name?".

    Each answer is a field `org:<organisation key in the file>` whose value is the id of one of
    the user's organisations, or "new". Keys not in the form keep their earlier answer."""
    batch = _batch(request, batch_id)
    owned = set(Organisation.objects.owned_by(request.user).values_list("id", flat=True))
    choices = dict(batch.org_choices or {})
    for name, value in request.POST.items():
        if not name.startswith(ORG_FIELD):
            continue
        key = name.removeprefix(ORG_FIELD)
        choices.pop(key, None)
        if value.isdigit() and int(value) in owned:
            choices[key] = int(value)
    batch.org_choices = choices
    batch.save(update_fields=["org_choices", "updated"])
    messages.success(request, "Organisations chosen; the preview below uses them.")
    return redirect("transfer:batch", batch.pk)


@login_required
@require_POST
def batch_commit(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.owned_by(request.user).only("id"), pk=batch_id)
    # Only a pending batch starts, so a double click, or two tabs, start one import, not two:
    # the second request just shows the one that is running (or done).
    jobs.start(request.user, batch.pk)
    return redirect("transfer:progress", batch.pk)


@login_required
def batch_progress(request: HttpRequest, batch_id: int) -> HttpResponse:
    """How a committed import is going, read from the batch row; polled by a small script,
    refreshed without one."""
    batch = get_object_or_404(
        ImportBatch.objects.owned_by(request.user).defer("data", "parsed"), pk=batch_id
    )
    if batch.status == BatchStatus.PENDING:
        return redirect(batch.get_absolute_url())
    status, error = batch.status, batch.error
    if jobs.interrupted(batch):
        status, error = BatchStatus.FAILED, jobs.INTERRUPTED_MESSAGE
    state = {
        "status": status,
        "phase": batch.phase if status == BatchStatus.RUNNING else "",
        "done": batch.done,
        "total": batch.total,
        "percent": batch.percent if status == BatchStatus.RUNNING else None,
        "summary": batch.summary,
        "error": error,
        "can_retry": status == BatchStatus.FAILED,
    }
    if wants_json(request):
        return JsonResponse(state)
    return render(
        request,
        "transfer/progress.html",
        {"batch": batch, "state": state, "phases": Phase.choices},
    )


@login_required
@require_POST
def batch_retry(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(
        ImportBatch.objects.owned_by(request.user).defer("data", "parsed"), pk=batch_id
    )
    if not jobs.retry(request.user, batch):
        messages.info(request, "This import is not stopped, so there is nothing to try again.")
    return redirect("transfer:progress", batch.pk)


@login_required
@require_POST
def batch_cancel(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.owned_by(request.user).only("id"), pk=batch_id)
    if not runs.cancel(request.user, batch.pk):
        messages.info(request, "The import had already finished, so it was not cancelled.")
        return redirect("transfer:progress", batch.pk)
    messages.info(request, "Import cancelled; nothing was saved.")
    return redirect("transfer:index")


def _export_page(request: HttpRequest, form: RestoreForm, status: int = 200) -> HttpResponse:
    context = {
        "restore_form": form,
        "max_mb": f"{encoding.max_import_bytes() / 2**20:g}",
        # The upload cap counts these; the import page lists them to open or cancel.
        "waiting": holding.held(request.user).count(),
    }
    return render(request, "transfer/export.html", context, status=status)


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    return _export_page(request, RestoreForm())


def _restore_batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    """The user's uploaded backup, without its file; anyone else's is 404."""
    return get_object_or_404(
        ImportBatch.objects.owned_by(request.user).defer("data"), pk=batch_id, format=BACKUP
    )


@login_required
@require_POST
def restore_upload(request: HttpRequest) -> HttpResponse:
    """Read and check an uploaded backup once, keep it for the user, and show what restoring
    it would do; nothing of the account is written until the user confirms."""
    form = RestoreForm(request.POST, request.FILES)
    if not form.is_valid():
        return _export_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    holding.expire()
    try:
        if upload.size > encoding.max_import_bytes():
            raise ImportRefused(
                f"This backup is {filesizeformat(upload.size)}; the web page takes backups up to "
                f"{filesizeformat(encoding.max_import_bytes())}. Restore it with "
                "`coffeechat restore`, or raise COFFEECHAT_MAX_IMPORT_MB."
            )
        encoding.check_size(upload.size)
        holding.check_room(request.user, upload.size)
        data = upload.read()
        contents = inspect_backup(parse_backup(data))
    except (ImportRefused, RestoreError) as refusal:
        form.add_error("file", str(refusal))
        return _export_page(request, form, status=400)
    batch = ImportBatch.objects.create(
        user=request.user,
        filename=upload.name[:255],
        requested_format=BACKUP,
        format=BACKUP,
        data=data,
        size=len(data),
        preview=contents.to_json(),
    )
    return redirect("transfer:restore_preview", batch.pk)


@login_required
def restore_preview(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _restore_batch(request, batch_id)
    if batch.status != BatchStatus.PENDING:
        return redirect("transfer:progress", batch.pk)  # confirmed already (Back, a second tab)
    preview = preview_restore(request.user, BackupContents.from_json(batch.preview))
    return render(request, "transfer/restore_preview.html", {"batch": batch, "preview": preview})


@login_required
@require_POST
def restore_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Start the restore the user has just read the preview of, as a background task."""
    batch = _restore_batch(request, batch_id)
    if batch.status != BatchStatus.PENDING:
        return redirect("transfer:progress", batch.pk)  # a second click, or a second tab
    preview = preview_restore(request.user, BackupContents.from_json(batch.preview))
    if not preview.can_restore:
        # The account may have gained data since the preview was shown: show it again.
        messages.error(request, preview.blocked_by)
        return redirect("transfer:restore_preview", batch.pk)
    jobs.start(request.user, batch.pk)
    return redirect("transfer:progress", batch.pk)


@login_required
@require_POST
def restore_cancel(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _restore_batch(request, batch_id)
    if batch.status != BatchStatus.PENDING or not runs.cancel(request.user, batch.pk):
        messages.info(request, "This restore had already started, so it was not cancelled here.")
        return redirect("transfer:progress", batch.pk)
    messages.info(request, "Restore cancelled: nothing was written, and the file is deleted.")
    return redirect("transfer:export")


@login_required
def export_download(request: HttpRequest, fmt: str) -> HttpResponse:
    filename, content_type, build = EXPORTS[fmt]
    body = build(request.user)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    return render(request, "transfer/duplicates.html", {"groups": likely_duplicates(request.user)})


@login_required
def merge_review(request: HttpRequest, contact_id: int) -> HttpResponse:
    contacts = Contact.objects.owned_by(request.user).select_related("organisation")
    keep = get_object_or_404(contacts, pk=contact_id)
    try:
        other_id = int(request.GET.get("other", ""))
    except ValueError:
        return redirect("transfer:duplicates")
    remove = get_object_or_404(contacts, pk=other_id)
    if keep.pk == remove.pk:
        return redirect("transfer:duplicates")
    return render(
        request,
        "transfer/merge.html",
        {
            "keep": keep,
            "remove": remove,
            "keep_counts": related_counts(keep),
            "remove_counts": related_counts(remove),
        },
    )


@login_required
@require_POST
def merge(request: HttpRequest) -> HttpResponse:
    contacts = Contact.objects.owned_by(request.user)
    try:
        keep_id, remove_id = int(request.POST["keep"]), int(request.POST["remove"])
    except (KeyError, ValueError):
        return HttpResponse("Choose two contacts to merge.", status=400)
    keep = get_object_or_404(contacts, pk=keep_id)
    remove = get_object_or_404(contacts, pk=remove_id)
    if keep.pk == remove.pk:
        return HttpResponse("Choose two different contacts.", status=400)
    removed_name = remove.display_name
    merge_contacts(keep, remove)
    messages.success(request, f"Merged {removed_name} into {keep.display_name}.")
    return redirect(keep.get_absolute_url())
