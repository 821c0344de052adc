"""reverse() for pages that link hundreds of objects (Today, the board's cards)."""

from collections.abc import Callable
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

_SENTINEL = 987654321


def url_with_id(name: str, pk: int) -> str:
    """reverse(name, args=[pk]), reversing each name once (per URL conf): pages build hundreds."""
    return _pattern(name, get_urlconf(), get_script_prefix()).replace(str(_SENTINEL), str(pk))


def url_maker(name: str) -> Callable[[int], str]:
    """url_with_id for one name, looking up the URL conf once: for a page's rows."""
    pattern = _pattern(name, get_urlconf(), get_script_prefix())
    sentinel = str(_SENTINEL)
    return lambda pk: pattern.replace(sentinel, str(pk))


@lru_cache(maxsize=64)
def _pattern(name: str, urlconf, prefix: str) -> str:
    # Keyed by the URL conf and the script prefix too, the two things reverse() depends on.
    return reverse(name, urlconf=urlconf, args=[_SENTINEL])


def url_format(name: str) -> str:
    """reverse(name, args=[pk]) as a `str.format` pattern with `{id}` in place of the pk, for
    loops that build hundreds of links in one format call each (the board's cards)."""
    return url_with_id(name, _SENTINEL).replace(str(_SENTINEL), "{id}")
