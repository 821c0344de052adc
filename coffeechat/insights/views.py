"""Career paths and their synthesis, the referral network and the outreach funnel."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.freshness import cached_for_user
from coffeechat.insights import export, funnel, links, network, services, svg, table
from coffeechat.insights.forms import CareerPathForm, LinkForm
from coffeechat.insights.models import CareerPath
from coffeechat.insights.synthesis import Column
from coffeechat.insights.synthesis import compare as compare_table
from coffeechat.pipeline.models import Conversation


def get_path(request: HttpRequest, path_id: int) -> CareerPath:
    path = get_object_or_404(CareerPath.objects.owned_by(request.user), pk=path_id)
    path.user = request.user  # known already: no query to load it again
    return path


def user_paths(request: HttpRequest) -> list[CareerPath]:
    paths = list(CareerPath.objects.owned_by(request.user))
    for path in paths:
        path.user = request.user
    return paths


@login_required
def index(request: HttpRequest) -> HttpResponse:
    paths = list(CareerPath.objects.owned_by(request.user))
    counts = services.link_counts(request.user)
    for path in paths:
        path.counts = counts.get(path.pk, {})
    return render(request, "insights/index.html", {"paths": paths})


@login_required
def path_create(request: HttpRequest) -> HttpResponse:
    form = CareerPathForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        path = form.save(commit=False)
        path.user = request.user
        path.save()
        messages.success(request, f"Added the path “{path.name}”. Now link the people to it.")
        return redirect("insights:path_links", path.pk)
    return render(request, "insights/path_form.html", {"form": form, "path": None})


@login_required
def path_edit(request: HttpRequest, path_id: int) -> HttpResponse:
    path = get_path(request, path_id)
    form = CareerPathForm(request.POST or None, instance=path)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect(path)
    return render(request, "insights/path_form.html", {"form": form, "path": path})


@login_required
def path_delete(request: HttpRequest, path_id: int) -> HttpResponse:
    path = get_path(request, path_id)
    if request.method == "POST":
        path.delete()
        messages.success(request, f"Deleted the path “{path.name}”. Its conversations are kept.")
        return redirect("insights:index")
    return render(request, "insights/path_confirm_delete.html", {"path": path})


@dataclass
class PathPage:
    """What the path page shows of its synthesis: small, so that it is quick to keep."""

    columns: int
    upcoming: Column | None  # the first conversation not met yet: whom to ask next
    gap_prompts: list[tuple[str, list[str]]]  # topic not yet learnt -> bank questions
    empty_cells: int
    table: SafeString  # the side-by-side table (insights/table.py)


def _path_page(path: CareerPath) -> PathPage:
    synthesis = services.build_synthesis(path)
    return PathPage(
        columns=len(synthesis.columns),
        upcoming=next((c for c in synthesis.columns if not c.met), None),
        gap_prompts=[(row.label, questions) for row, questions in synthesis.gap_prompts],
        empty_cells=synthesis.empty_cells,
        table=table.side_by_side(synthesis) if synthesis.columns else SafeString(),
    )


@login_required
def path_detail(request: HttpRequest, path_id: int) -> HttpResponse:
    path = get_path(request, path_id)
    # Kept per change of the user's data (core.freshness): 200 columns take longer to write
    # than the synthesis takes to work out. Like the synthesis, it does not follow the clock.
    page = cached_for_user(
        request.user, f"path-page:{path.pk}", lambda: _path_page(path), clock=None
    )
    return render(request, "insights/path_detail.html", {"path": path, "page": page})


@login_required
def path_links(request: HttpRequest, path_id: int) -> HttpResponse:
    path = get_path(request, path_id)
    q = request.GET.get("q", "").strip()
    button = links.Buttons(
        link_url=reverse("insights:path_link", args=[path.pk]),
        unlink_url=reverse("insights:path_unlink", args=[path.pk]),
        csrf_token=get_token(request),
        q=q,
    )
    found = links.found_rows(request.user, q, button) if q else {}
    return render(
        request,
        "insights/path_links.html",
        {"path": path, "q": q, "found": found, "linked": links.linked_rows(path, button)},
    )


def _link_target(request: HttpRequest, path: CareerPath):
    form = LinkForm(request.POST)
    if not form.is_valid():
        raise Http404("Nothing to link")
    kind, pk = form.cleaned_data["kind"], form.cleaned_data["target"]
    model, relation = {
        "conversation": (Conversation, path.conversations),
        "contact": (Contact, path.contacts),
        "organisation": (Organisation, path.organisations),
    }[kind]
    return get_object_or_404(model.objects.owned_by(request.user), pk=pk), relation


def _back(request: HttpRequest, path: CareerPath) -> HttpResponse:
    q = request.POST.get("q", "")
    url = reverse("insights:path_links", args=[path.pk])
    if q:
        from urllib.parse import urlencode

        url += "?" + urlencode({"q": q})
    return redirect(url)


@login_required
@require_POST
def path_link(request: HttpRequest, path_id: int) -> HttpResponse:
    path = get_path(request, path_id)
    target, relation = _link_target(request, path)
    relation.add(target)
    messages.success(request, f"Linked {target} to {path.name}.")
    return _back(request, path)


@login_required
@require_POST
def path_unlink(request: HttpRequest, path_id: int) -> HttpResponse:
    path = get_path(request, path_id)
    target, relation = _link_target(request, path)
    relation.remove(target)
    messages.success(request, f"Unlinked {target} from {path.name}.")
    return _back(request, path)


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    paths = user_paths(request)
    wanted = []
    for value in request.GET.getlist("p"):
        if value.isdigit() and int(value) not in wanted:
            wanted.append(int(value))
    chosen = [p for p in paths if p.pk in wanted[:3]]
    if not chosen:
        chosen = paths[:3]
    found = [services.compare_column_for(p) for p in chosen]
    reflection = [
        ("How it fits my interests and values", [p.fit for p in chosen]),
        ("Open questions", [p.open_questions for p in chosen]),
        ("Next steps", [p.next_steps for p in chosen]),
    ]
    return render(
        request,
        "insights/compare.html",
        {
            "paths": paths,
            "chosen": chosen,
            "chosen_ids": [p.pk for p in chosen],
            "columns": [(p, count) for p, (count, _) in zip(chosen, found, strict=True)],
            "table": compare_table([column for _, column in found]),
            "reflection": reflection,
        },
    )


def _download(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _name(path: CareerPath) -> str:
    return slugify(path.name) or f"path-{path.pk}"


@login_required
def export_markdown(request: HttpRequest, path_id: int) -> HttpResponse:
    path = get_path(request, path_id)
    text = export.markdown([(path, services.synthesis_for(path))])
    return _download(text, f"{_name(path)}.md", "text/markdown; charset=utf-8")


@login_required
def export_pdf(request: HttpRequest, path_id: int) -> HttpResponse:
    path = get_path(request, path_id)
    data = export.pdf([(path, services.synthesis_for(path))])
    return _download(data, f"{_name(path)}.pdf", "application/pdf")


def _all(request: HttpRequest):
    return [(p, services.synthesis_for(p)) for p in user_paths(request)]


@login_required
def export_all_markdown(request: HttpRequest) -> HttpResponse:
    text = export.markdown(_all(request))
    return _download(text, "career-paths.md", "text/markdown; charset=utf-8")


@login_required
def export_all_pdf(request: HttpRequest) -> HttpResponse:
    return _download(export.pdf(_all(request)), "career-paths.pdf", "application/pdf")


@login_required
def network_view(request: HttpRequest) -> HttpResponse:
    found = network.load(request.user)
    return render(
        request,
        "insights/network.html",
        {
            "network": found,
            "picture": network.svg(found) if found.people else "",
            "outline": network.outline(found),
        },
    )


@login_required
def funnel_view(request: HttpRequest) -> HttpResponse:
    # Its months end with the user's current one: kept for the local day, not the minute.
    figures = cached_for_user(
        request.user, "funnel", lambda: funnel.compute(request.user), clock="day"
    )
    steps = [(key, label, figures.totals[key]) for key, label in funnel.STEPS]
    month_labels = [m.strftime("%b %Y") for m in figures.months]

    def rates_chart(rates, label):
        return svg.bar_chart(
            [(f"{r.label} ({r.replies}/{r.requests})", r.rate or 0, r.percent) for r in rates],
            label=label,
            maximum=1,
        )

    context = {
        "figures": figures,
        "steps": steps,
        "totals_chart": svg.bar_chart(
            [(label, n, str(n)) for _, label, n in steps], label="Funnel totals"
        ),
        "months_chart": svg.line_chart(
            month_labels,
            [(label, figures.by_month[key]) for key, label in funnel.STEPS],
            label="Funnel by month",
        ),
        "legend": svg.legend([label for _, label in funnel.STEPS]),
        "month_rows": [
            (label, [figures.by_month[key][i] for key, _ in funnel.STEPS])
            for i, label in enumerate(month_labels)
        ],
        "step_labels": [label for _, label in funnel.STEPS],
        "channel_chart": rates_chart(figures.by_channel, "Reply rate by channel"),
        "relationship_chart": rates_chart(figures.by_relationship, "Reply rate by relationship"),
        "template_chart": rates_chart(figures.by_template, "Reply rate by template"),
    }
    return render(request, "insights/funnel.html", context)
