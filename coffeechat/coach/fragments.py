"""The coach's findings as a page fragment: what coach/live.js (with do=live) and the request
composer's own script put in the findings box as the user types."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def findings_fragment(request: HttpRequest, findings, text: str, all_clear: str) -> HttpResponse:
    return render(
        request,
        "coach/_findings.html",
        {"findings": findings, "checked": text, "all_clear": all_clear},
    )
