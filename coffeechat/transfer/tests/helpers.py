import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def shared_fixtures() -> Path:
    """../shared/fixtures next to the repository checkout (absent in a plain clone)."""
    repo_root = Path(__file__).resolve().parents[3]
    return repo_root.parent / "shared" / "fixtures"


def ical_js(case) -> tuple[str, str]:
    """(node, the ical.js module): Thunderbird's parser, an independent reader for our calendar
    and vCard output, pinned in package.json and installed by `npm ci` (or set ICAL_JS to a
    node_modules/ical.js folder). Missing, the test is skipped; under CI=true it fails."""
    repo_root = Path(__file__).resolve().parents[3]
    path = os.environ.get("ICAL_JS", "") or str(repo_root / "node_modules" / "ical.js")
    node = shutil.which("node") or ""
    if node and Path(path).is_dir():
        return node, path
    reason = "node and ical.js are not installed: run npm ci"
    if os.environ.get("CI") == "true":
        case.fail(reason)
    case.skipTest(reason)


def _nothing() -> None:
    pass


@contextmanager
def around_contact_insert(
    before: Callable[[], None] = _nothing, after: Callable[[], None] = _nothing
) -> Iterator[None]:
    """Run `before()` and `after()` around the import's insert of its new contacts, inside its
    transaction, whichever way they go in: `raw_insert` (PostgreSQL) or the copy from their
    staging table (SQLite)."""
    from coffeechat.contacts.models import Contact
    from coffeechat.transfer.services import bulk, importing

    raw_insert, staged_insert = importing.raw_insert, bulk.Staged.insert

    def raw(table, rows):
        if table.model is Contact:
            before()
        raw_insert(table, rows)
        if table.model is Contact:
            after()

    def staged(staging, *args):
        if staging.table.model is Contact:
            before()
        staged_insert(staging, *args)
        if staging.table.model is Contact:
            after()

    with (
        mock.patch.object(importing, "raw_insert", side_effect=raw),
        mock.patch.object(bulk.Staged, "insert", autospec=True, side_effect=staged),
    ):
        yield
