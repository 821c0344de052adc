import os
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def shared_fixtures() -> Path:
    """../shared/fixtures next to the repository checkout (absent in a plain clone)."""
    repo_root = Path(__file__).resolve().parents[3]
    return repo_root.parent / "shared" / "fixtures"


def ical_js() -> str:
    """Thunderbird's parser, an independent reader for our calendar and vCard output:
    `npm install ical.js` into a folder and set ICAL_JS to its node_modules/ical.js."""
    path = os.environ.get("ICAL_JS", "")
    return path if path and Path(path).is_dir() else ""
