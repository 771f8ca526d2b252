"""Direct pages put into shells: the page's own title, description, address, headings and body.

The whole route through a real MkDocs build is tested in test_build; these cases are the
shells a theme or setting could make that the generator must refuse rather than publish.
"""

from __future__ import annotations

import pytest

from generator.render.direct import (
    BODY_END,
    BODY_START,
    DESCRIPTION_TOKEN,
    TITLE_TOKEN,
    DirectPage,
    Shell,
    ShellMismatch,
    heading,
    sitemap,
)

SITE = "https://example.org/"
ADDRESS = "charters/_shells/1/"


def shell_html(body: str = '<h2 id="approvals">Approvals</h2>', extra: str = "") -> str:
    return (
        f'<title>{TITLE_TOKEN} - Site</title><meta name="description" content="{DESCRIPTION_TOKEN}">'
        f'<link rel="canonical" href="{SITE}{ADDRESS}">{extra}<h1>{TITLE_TOKEN}</h1>'
        f"{BODY_START}\n{body}\n{BODY_END}<footer>end</footer>"
    )


BODY = f"<p>Before</p>\n{heading('Approvals')}\n<ul><li>Ada</li></ul>\n"


def page(title: str = "Oats, version 2") -> DirectPage:
    return DirectPage.of("charters/oats/v2.md", "charters/oats/v2/", title, "Version 2 of Oats", BODY)


def test_a_page_takes_the_shell_with_its_own_title_address_headings_and_body() -> None:
    filled = Shell(shell_html(), ADDRESS, SITE).fill(page("Oats & <b>bread</b>"), BODY)
    assert filled == (
        "<title>Oats &amp; &lt;b&gt;bread&lt;/b&gt; - Site</title>"
        '<meta name="description" content="Version 2 of Oats">'
        '<link rel="canonical" href="https://example.org/charters/oats/v2/">'
        "<h1>Oats &amp; &lt;b&gt;bread&lt;/b&gt;</h1>"
        '<p>Before</p>\n<h2 id="approvals">Approvals</h2>\n<ul><li>Ada</li></ul>\n<footer>end</footer>'
    )


def test_a_page_whose_headings_the_shell_lacks_is_refused() -> None:
    with pytest.raises(ShellMismatch, match=r"has 0 headings, charters/oats/v2/index\.html needs 1"):
        Shell(shell_html(body=""), ADDRESS, SITE).fill(page(), BODY)


def test_a_body_with_more_headings_than_its_shell_is_refused() -> None:
    # A kept body may hold headings its page's table of contents does not name.
    with pytest.raises(ShellMismatch, match=r"has 1 headings, charters/oats/v2/index\.html needs 2"):
        Shell(shell_html(), ADDRESS, SITE).fill(page(), f"{BODY}{heading('Approvals')}")


def test_a_shell_without_its_body_markers_is_refused() -> None:
    with pytest.raises(ShellMismatch, match=r"should hold <!--charters-body--> once"):
        Shell(shell_html().replace(BODY_START, ""), ADDRESS, SITE)


def test_a_shell_that_names_its_address_where_no_page_address_can_go_is_refused() -> None:
    # A theme printing the page's path somewhere of its own: every page would carry the shell's.
    with pytest.raises(ShellMismatch, match="cannot replace it"):
        Shell(shell_html(extra=f'<a href="/{ADDRESS}edit">edit</a>'), ADDRESS, SITE)


def test_an_edit_link_to_the_shells_source_is_refused() -> None:
    with pytest.raises(ShellMismatch, match="cannot replace it"):
        Shell(shell_html(extra='<a href="https://git.example/edit/main/docs/charters/_shells/1.md">'), ADDRESS, SITE)


def test_a_sitemap_with_entries_it_cannot_keep_is_refused() -> None:
    entry = "<url><loc>https://example.org/</loc><changefreq>daily</changefreq></url>"
    with pytest.raises(ShellMismatch, match="could not be kept"):
        sitemap(f"<urlset>{entry}</urlset>", f"{SITE}charters/_shells/", [])


def test_the_sitemap_drops_the_shells_and_lists_the_direct_pages() -> None:
    entries = "".join(
        f"<url><loc>{SITE}{address}</loc><lastmod>2026-11-25</lastmod></url>" for address in ("", ADDRESS)
    )
    listed = sitemap(f"<urlset>{entries}</urlset>", f"{SITE}charters/_shells/", [f"{SITE}charters/oats/v2/"])
    assert "_shells" not in listed
    assert listed.count("<lastmod>2026-11-25</lastmod>") == 2
    assert "<loc>https://example.org/charters/oats/v2/</loc>" in listed


def test_headings_are_fixed_words_not_a_charters_text() -> None:
    with pytest.raises(ValueError, match=r"fixed plain words"):
        heading("<script>alert(1)</script>")
