"""Text for a terminal or a CI log, made so that nothing printed can act.

Each renderer escapes the values it puts into text (visible.py); what the command line
prints is checked once more on its way out. Any acting character still there is escaped
(but the colour codes the tool adds itself), and a line that the GitHub Actions runner
would take for a workflow command (``::`` after leading white space, or ``##[`` anywhere
in the line, its older form) is defused with a backslash, except the annotations the
github reporter means to emit.
"""

from __future__ import annotations

import re

from generator.render.visible import visible

_COLOUR_CODE = re.compile(r"(\x1b\[[0-9;]*m)")
_ANNOTATION = re.compile(r"::(error|warning|notice) ")


def _defused(line: str, annotation: bool = False) -> str:
    line = line.replace("##[", "##\\[")
    start = len(line) - len(line.lstrip())
    if line.startswith("::", start) and not annotation:
        return f"{line[:start]}\\{line[start:]}"
    return line


def for_terminal(text: str, colour: bool = False, annotations: bool = False, markdown: bool = False) -> str:
    """``text`` as it may be printed. ``colour``: keep the tool's colour codes;
    ``annotations``: keep workflow-command lines that are annotations; ``markdown``: keep
    the zero-width spaces that render/markdown.py puts into values to defuse mentions."""
    keep = "\t\u200b" if markdown else "\t"
    lines = []
    for line in text.split("\n"):
        if colour:
            pieces = _COLOUR_CODE.split(line)
            line = "".join(piece if index % 2 else visible(piece, keep=keep) for index, piece in enumerate(pieces))
        else:
            line = visible(line, keep=keep)
        lines.append(_defused(line, annotation=annotations and _ANNOTATION.match(line) is not None))
    return "\n".join(lines)
