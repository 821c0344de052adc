"""The referral network: who led the user to whom, laid out in generations and drawn as SVG.

Roots are people nobody referred (the first people the user knew); each generation to the right
is one more introduction away. Trees are drawn whole, biggest first, until `limit` people are on
the picture; the rest are counted and listed in the table only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from coffeechat.contacts.models import Contact
from coffeechat.core.compiled import IDS, CompiledQuery

# Names are escaped with the standard library's html.escape: the same text as Django's escape,
# without the lazy-text wrapper that cost a sixth of the page for its ~600 names.

COLUMN_WIDTH = 220
ROW_HEIGHT = 30
NAME_LENGTH = 22


@dataclass
class Node:
    id: int
    name: str
    parent: int | None
    created: object = None
    children: list[Node] = field(default_factory=list)
    generation: int = 0
    x: float = 0.0
    y: float = 0.0
    shown: bool = False  # on the picture (a huge tree is cut at the limit)

    @property
    def size(self) -> int:
        return 1 + sum(child.size for child in self.children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Network:
    roots: list[Node]  # every tree, biggest first
    drawn: list[Node]  # the trees on the picture
    people: int
    hidden_people: int
    hidden_trees: int
    width: int = 0
    height: int = 0


def build(rows: list[tuple[int, str, int | None, object]], *, limit: int = 200) -> Network:
    """rows: (id, name, referred_by id or None, created) for everyone in a referral chain."""
    nodes = {pk: Node(pk, name, parent, created) for pk, name, parent, created in rows}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.parent) if node.parent else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    # A loop (A referred B, B referred A) has no root: break it at its oldest member.
    reached = {n.id for root in roots for n in _safe_walk(root)}
    for node in sorted(nodes.values(), key=lambda n: (str(n.created), n.id)):
        if node.id not in reached:
            parent = nodes[node.parent]
            parent.children.remove(node)
            roots.append(node)
            reached.update(n.id for n in _safe_walk(node))
    for node in nodes.values():
        node.children.sort(key=lambda n: (str(n.created), n.id))
    roots.sort(key=lambda n: (-n.size, str(n.created), n.id))
    drawn, count = [], 0  # `count` may pass `limit` by one huge tree; _layout cuts it
    for root in roots:
        size = root.size
        if count + size > limit and drawn:
            continue
        drawn.append(root)
        count += size
    network = Network(
        roots=roots,
        drawn=drawn,
        people=len(nodes),
        hidden_people=0,
        hidden_trees=len(roots) - len(drawn),
    )
    network.hidden_people = len(nodes) - _layout(network, limit)
    return network


def _safe_walk(node: Node, seen: set | None = None):
    seen = set() if seen is None else seen
    if node.id in seen:
        return
    seen.add(node.id)
    yield node
    for child in node.children:
        yield from _safe_walk(child, seen)


def _layout(network: Network, limit: int) -> int:
    """Leaves take one row each, in order; a parent sits level with the middle of its children.

    Returns how many people were placed."""
    row = 0.0
    deepest = 0
    placed = 0

    def place(node: Node, generation: int) -> None:
        nonlocal row, deepest, placed
        placed += 1
        node.shown = True
        node.generation = generation
        deepest = max(deepest, generation)
        node.x = 10 + generation * COLUMN_WIDTH
        shown = []
        for child in node.children:
            if placed >= limit:  # one huge tree: cut it at the limit
                break
            place(child, generation + 1)
            shown.append(child)
        if shown:
            node.y = (shown[0].y + shown[-1].y) / 2
        else:
            node.y = 20 + row * ROW_HEIGHT
            row += 1

    for root in network.drawn:
        if placed >= limit:
            break
        place(root, 0)
        row += 0.5  # a little air between trees
    network.width = 20 + (deepest + 1) * COLUMN_WIDTH
    lowest = max((n.y for r in network.drawn for n in r.walk() if n.shown), default=0)
    network.height = int(lowest + 20)
    return placed


def _label_width(name: str) -> float:
    """Roughly where a label ends, at 13px (about 7.3px a character, plus the dot)."""
    return 10 + len(_short(name)) * 7.3


def _short(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"


def _contact_url() -> str:
    """A contact's address with `{}` for its id: reversed once, not once per person drawn."""
    return reverse("contacts:detail", args=[0]).replace("/0/", "/{}/")


def svg(network: Network) -> SafeString:
    contact_url = _contact_url()
    lines, labels = [], []
    for root in network.drawn:
        for node in root.walk():
            if not node.shown:
                continue
            for child in (c for c in node.children if c.shown):
                start = node.x + _label_width(node.name) + 4
                mid = (start + child.x) / 2
                lines.append(
                    f'<path d="M{start:.0f},{node.y:.0f} C{mid:.0f},{node.y:.0f} '
                    f'{mid:.0f},{child.y:.0f} {child.x - 4:.0f},{child.y:.0f}" fill="none" '
                    f'stroke="#9aa5b1" stroke-width="1.5"/>'
                )
            labels.append(
                f'<a href="{contact_url.format(node.id)}"><title>{escape(node.name)}</title>'
                f'<circle cx="{node.x:.0f}" cy="{node.y:.0f}" r="5" '
                f'fill="{"#0072B2" if node.generation == 0 else "#009E73"}"/>'
                f'<text x="{node.x + 10:.0f}" y="{node.y + 4:.0f}">{escape(_short(node.name))}'
                f"</text></a>"
            )
    return mark_safe(
        f'<svg class="network" width="{network.width}" height="{network.height}" '
        f'viewBox="0 0 {network.width} {network.height}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="13" role="group" '
        f'aria-label="Referral network picture; the list below holds the same people">'
        + "".join(lines)
        + "".join(labels)
        + "</svg>"
    )


_COLUMNS = ("id", "display_name", "referred_by_id", "created")
# Built once (core.compiled): the ORM took longer to build the two queries than to run them.
_REFERRED = CompiledQuery(
    lambda user: (
        Contact.objects.filter(user_id=user, referred_by__isnull=False)
        # build() sorts for itself; without an ORDER BY, SQLite reads the referrals' index.
        .order_by()
        .values_list(*_COLUMNS)
    ),
    user=Contact._meta.get_field("user"),
)
_REFERRERS = CompiledQuery(
    # Unordered, so SQLite looks each one up by id: in the contacts' name order it read all of
    # the user's contacts along the name index to find the few asked for (6 ms against 0.1 ms).
    lambda user, ids: (
        Contact.objects.filter(user_id=user, id__in=ids).order_by().values_list(*_COLUMNS)
    ),
    user=Contact._meta.get_field("user"),
    ids=IDS,
)


def load(user, *, limit: int = 200) -> Network:
    """Two queries: who was referred by whom, then the names of the people who referred them."""
    referred = _REFERRED.rows(user=user.pk)
    known = {row[0] for row in referred}
    missing = {row[2] for row in referred} - known
    referrers = _REFERRERS.rows(user=user.pk, ids=sorted(missing))
    return build(referred + referrers, limit=limit)


def outline(network: Network, *, limit: int = 2000) -> SafeString:
    """The same network as nested lists, for screen readers and for the people not drawn."""
    contact_url = _contact_url()
    parts: list[str] = []
    written = 0

    def write(node: Node) -> None:
        nonlocal written
        written += 1
        parts.append(f'<li><a href="{contact_url.format(node.id)}">{escape(node.name)}</a>')
        if node.children and written < limit:
            parts.append(f'<ul aria-label="Referred by {escape(node.name)}">')
            for child in node.children:
                if written >= limit:
                    break
                write(child)
            parts.append("</ul>")
        parts.append("</li>")

    parts.append('<ul class="outline">')
    for root in network.roots:
        if written >= limit:
            break
        write(root)
    parts.append("</ul>")
    return mark_safe("".join(parts))
