"""Template output made once for many people: the text with a hole for each personal value.

A batch's messages of one kind often differ only in a few values (a name, a link with
its token). Their templates are rendered once with a marker in place of each such value;
each message then fills the holes with its own values, escaped where the template
escaped the marker. This holds only while a template prints a personal value as it is
(or tests whether it is empty, which the batch keeps the same within a group): so each
stencil is checked against two renders, one with other markers and one with the first
person's real values, and a template that transforms, cuts or compares a personal value
fails that check and is rendered per message as before.
"""

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape


@dataclass(frozen=True)
class Hole:
    key: str
    escaped: bool


@dataclass(frozen=True)
class Stencil:
    """Literal text and holes, alternating: text, hole, text, ..., text."""

    pieces: tuple

    def fill(self, values: dict[str, str]) -> str:
        pieces = self.pieces
        out = [pieces[0]]
        for index in range(1, len(pieces), 2):
            hole = pieces[index]
            value = values[hole.key]
            out.append(escape(value) if hole.escaped else value)
            out.append(pieces[index + 1])
        return "".join(out)

    @property
    def has_holes(self) -> bool:
        return len(self.pieces) > 1


# Markers carry characters that escaping changes, line breaks and both cases; the two
# sets differ in length and in their first and last characters, so a filter that cuts,
# changes case, escapes again or picks a character gives different text for each.
MARKERS = ("[{nonce}a{n}<&'\"\nA]", "({nonce}bb{n}>'&\"\n\nBB)")


def _markers(keys, nonce: str, form: str) -> dict[str, str]:
    return {key: form.format(nonce=nonce, n=n) for n, key in enumerate(keys)}


def _cut(text: str, pattern: re.Pattern, holes: dict[str, Hole]) -> Stencil:
    pieces = pattern.split(text)
    return Stencil(tuple(holes[piece] if n % 2 else piece for n, piece in enumerate(pieces)))


def stencils_render(
    render: Callable[[dict[str, str]], list[str]], personal: dict[str, str]
) -> list[Stencil] | None:
    """Stencils of what `render(values)` returns, whose holes take `personal`'s keys.

    None when some output does not just print the personal values: filling the stencils
    with other markers, or with `personal` itself, must give what rendering with them does.
    """
    expected = render(personal)  # a template that cannot render fails here, as it would
    nonce = secrets.token_hex(6)
    first, second = (_markers(personal, nonce, form) for form in MARKERS)
    holes = {}
    for key, marker in first.items():
        holes[marker], holes[escape(marker)] = Hole(key, escaped=False), Hole(key, escaped=True)
    pattern = re.compile("(" + "|".join(map(re.escape, holes)) + ")") if holes else None
    try:
        outputs = render(first), render(second)
    except Exception:  # a filter refused a marker: the value is not just printed
        return None
    if pattern is None:
        stencils = [Stencil((text,)) for text in outputs[0]]
    else:
        stencils = [_cut(text, pattern, holes) for text in outputs[0]]
    for values, rendered in ((second, outputs[1]), (personal, expected)):
        if [stencil.fill(values) for stencil in stencils] != list(rendered):
            return None
    return stencils
