"""Turn uploaded bytes into text: BOMs first, then UTF-8, then a best guess, then Windows-1252."""

from __future__ import annotations

import codecs

from django.conf import settings

from coffeechat.transfer.records import ImportRefused

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def max_import_bytes() -> int:
    megabytes = getattr(settings, "COFFEECHAT_MAX_IMPORT_MB", 20)
    return int(float(megabytes) * 1024 * 1024)


def check_size(size: int) -> None:
    limit = max_import_bytes()
    if size > limit:
        raise ImportRefused(
            f"This file is {size / 1024 / 1024:.1f} MB; the import limit is "
            f"{limit / 1024 / 1024:g} MB. Split the file or raise COFFEECHAT_MAX_IMPORT_MB."
        )
    if size == 0:
        raise ImportRefused("This file is empty.")


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_zeros > half * 0.3 and even_zeros < half * 0.05:
        return "utf-16-le"
    if even_zeros > half * 0.3 and odd_zeros < half * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Never raises for odd bytes; refuses only empty input."""
    check_size(len(data))
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    guess = _utf16_without_bom(data)
    if guess:
        return data.decode(guess, errors="replace"), guess
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return data.decode("latin-1"), "latin-1"
