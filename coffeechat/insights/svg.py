"""Small server-side SVG charts. Every chart is decorative for screen readers (`aria-hidden`):
each page puts the same numbers in a table next to it."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colours that stay apart for common colour-vision differences (Okabe–Ito).
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]


def _svg(width: int, height: int, body: list[str], label: str, font_size: int = 13) -> SafeString:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="{font_size}">' + "".join(body) + "</svg>"
    )


def bar_chart(
    items: list[tuple[str, float, str]], *, label: str, maximum: float | None = None
) -> SafeString:
    """Horizontal bars, the label above each bar so that long labels fit at phone width.

    items: (label, value, text shown at the end of the bar).
    """
    width, bar_height, step = 400, 16, 46
    top = max([value for _, value, _ in items] + [maximum or 0, 1e-9])
    body = []
    for i, (name, value, shown) in enumerate(items):
        y = i * step
        length = max(0.0, value) / top * (width - 60)
        colour = COLOURS[0]
        body.append(f'<text x="0" y="{y + 13}" fill="#222">{escape(name)}</text>')
        body.append(
            f'<rect x="0" y="{y + 18}" width="{length:.1f}" height="{bar_height}" '
            f'rx="2" fill="{colour}"/>'
        )
        body.append(f'<text x="{length + 6:.1f}" y="{y + 30}" fill="#222">{escape(shown)}</text>')
    return _svg(width, max(step * len(items), step), body, label)


def line_chart(labels: list[str], series: list[tuple[str, list[int]]], *, label: str) -> SafeString:
    """One line per series over the x labels (months), with dots; the legend is HTML."""
    width, height, left, bottom, top_pad = 420, 220, 30, 40, 10
    plot_w, plot_h = width - left - 20, height - bottom - top_pad
    top = max([max(values, default=0) for _, values in series] + [1])
    # A round scale: 1, 2, 5, 10, 20, 50...
    steps = [1, 2, 5]
    scale, k = 1, 0
    while top / scale > 4:
        scale = steps[k % 3] * 10 ** (k // 3)
        k += 1
    ceiling = -(-top // scale) * scale
    n = max(len(labels), 1)
    dx = plot_w / max(n - 1, 1)

    def x(i: int) -> float:
        return left + i * dx if n > 1 else left + plot_w / 2

    def y(v: float) -> float:
        return top_pad + plot_h - v / ceiling * plot_h

    body = []
    tick = 0
    while tick <= ceiling:
        body.append(
            f'<line x1="{left}" x2="{width - 20}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
            f'fill="#555">{tick}</text>'
        )
        tick += scale
    for i, name in enumerate(labels):
        month, _, year = name.partition(" ")
        body.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="#555">{escape(month)}</text>'
        )
        if (i == 0 and month != "Dec") or month == "Jan":
            body.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 30}" text-anchor="middle" '
                f'fill="#555">{escape(year)}</text>'
            )
    for s, (_, values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
        for i, v in enumerate(values):
            body.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
    return _svg(width, height, body, label)


def legend(names: list[str]) -> list[tuple[str, str]]:
    """(name, colour) pairs for an HTML legend matching line_chart's colours."""
    return [(name, COLOURS[i % len(COLOURS)]) for i, name in enumerate(names)]
