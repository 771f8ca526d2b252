"""The front matter MkDocs reads from the top of each generated Markdown page."""

from __future__ import annotations

import html
import json


def front_matter(
    title: str, description: str, searchable: bool = True, feed: str | None = None, language: str | None = None
) -> str:
    """``feed``: the page's own Atom feed, relative to the page, which the theme announces;
    ``language``: the BCP 47 tag of a page in another language than the site's."""
    # MkDocs themes print titles and descriptions as HTML, so they are escaped here; JSON
    # strings are valid YAML, so nothing in them can end the front matter.
    return "\n".join(
        [
            "---",
            f"title: {json.dumps(html.escape(title))}",
            f"description: {json.dumps(html.escape(description))}",
            *([] if searchable else ["search:", "  exclude: true"]),
            *([f"feed: {json.dumps(feed)}"] if feed else []),
            *([f"language: {json.dumps(language)}"] if language else []),
            "---",
            "",
        ]
    )
