from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def shared_fixtures() -> Path:
    """../shared/fixtures next to the repository checkout (absent in a plain clone)."""
    repo_root = Path(__file__).resolve().parents[3]
    return repo_root.parent / "shared" / "fixtures"
