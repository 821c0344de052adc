"""A CSV with very many columns: the chooser handles what it can and says what to do beyond."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.models import ImportBatch
from coffeechat.transfer.parsers.csv_generic import MAX_COLUMNS


def wide_csv(columns: int) -> bytes:
    header = ",".join(f"Field {n}" for n in range(columns))
    row = ",".join("x" for _ in range(columns))
    return f"{header}\r\n{row}\r\n".encode()


class WideFileTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def upload(self, data: bytes) -> ImportBatch:
        self.client.post(
            reverse("transfer:upload"),
            {"file": SimpleUploadedFile("wide.csv", data), "format": "auto"},
        )
        return ImportBatch.objects.get(user=self.alice)

    def test_a_file_at_the_column_limit_can_be_mapped(self):
        batch = self.upload(wide_csv(MAX_COLUMNS))
        url = reverse("transfer:mapping", args=[batch.pk])
        page = self.client.get(url)
        self.assertEqual(page.content.decode().count("<select"), MAX_COLUMNS)
        # Every select plus the CSRF token stays within Django's 1,000 form fields.
        chosen = {f"col_{n}": "" for n in range(MAX_COLUMNS)}
        chosen["col_7"] = "display_name"
        response = self.client.post(url, chosen)
        self.assertRedirects(response, reverse("transfer:batch", args=[batch.pk]))
        batch.refresh_from_db()
        self.assertEqual(batch.mapping, {"Field 7": "display_name"})

    def test_more_than_1000_columns_get_a_clear_message_not_a_400(self):
        batch = self.upload(wide_csv(1200))
        page = self.client.get(reverse("transfer:mapping", args=[batch.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "has 1200 columns")
        self.assertContains(page, f"at most {MAX_COLUMNS}")
        self.assertNotContains(page, "<select")

    def test_a_100000_column_file_gets_a_short_page(self):
        batch = self.upload(wide_csv(100_000))
        page = self.client.get(reverse("transfer:mapping", args=[batch.pk]))
        self.assertContains(page, "has 100000 columns")
        # It used to be a 78 MB page of selects that took minutes to build.
        self.assertLess(len(page.content), 20_000)
