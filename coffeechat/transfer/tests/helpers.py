import os
import shutil
from pathlib import Path

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
