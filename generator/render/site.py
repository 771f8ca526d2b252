"""Render the site model: Markdown pages with front matter and static files for MkDocs, the
direct pages it does not render (see direct.py), and the settings MkDocs builds them with
(mkdocs_config.py).

Templates are Jinja2 with autoescaping on: every value lands escaped. Page titles are
escaped too (front_matter.py), because MkDocs themes print titles as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from generator.language.catalog import language
from generator.language.message import items, message
from generator.model.feed import FeedEntry, newest_first
from generator.model.listing import CharterListing, Site
from generator.model.organisations import organisations
from generator.model.reference import ledger_reference_fields, reference_fields, translation_reference_fields
from generator.model.site import CharterView, SiteConfig, page_url, relative_url
from generator.model.translation import CharterTranslations
from generator.render.calendar import organisation_calendar, review_calendar
from generator.render.chart import benchmark_chart
from generator.render.direct import SHELLS_FOLDER, DirectPage, heading, markdown_heading, shell_markdown, sitemap_xml
from generator.render.fragments import Fragments, fragments_path
from generator.render.front_matter import front_matter
from generator.render.json_output import charter_json, charters_index_json, version_json
from generator.render.mkdocs_config import (
    GUIDE_PAGE,
    GUIDE_TITLE,
    REFERENCE_PAGE,
    REFERENCE_TITLE,
    feed_title,
    in_its_folder,
    mkdocs_config,
)
from generator.render.redirects import former_addresses
from generator.render.rendered import CharterFiles, RenderedSite, Together
from generator.render.safe_markdown import render_markdown
from generator.render.translated import environment
from generator.render.translation import choices, translated_pages
from generator.resources import resource
from generator.schema import ledger_schema_path, schema_path, translation_schema_path
from generator.settings import Settings


@dataclass(frozen=True)
class TranslatedSpeaker:
    """A page in a language of its own: its templates' environment, its tag, and whether
    search finds it."""

    environment: jinja2.Environment
    language: str
    searchable: bool


class _Renderer:
    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self.environment = environment(config.language)
        self.spoken = language(config.language)
        self.say = self.spoken.text
        self.docs: dict[str, bytes] = {}
        self.files: dict[str, bytes] = {}
        self.direct: list[DirectPage] = []
        self.bodies: dict[str, bytes] = {}  # each direct page's source → its body
        self.claimed: set[str] = set()  # every path above, direct pages' Markdown paths included

    def page(
        self,
        path: str,
        template: str,
        title: str,
        description: str,
        feed: str | None = None,
        speaking: TranslatedSpeaker | None = None,
        **context,
    ) -> None:
        """``speaking``: a page in another language than the site's, and whether search finds it."""
        address = page_url(path)
        fragments = Fragments()
        environment = self.environment if speaking is None else speaking.environment
        matter = front_matter(
            title,
            description,
            searchable=speaking is None or speaking.searchable,
            feed=feed,
            language=None if speaking is None else speaking.language,
        )
        text = environment.get_template(template).render(
            front_matter=Markup(matter),
            link=lambda to: relative_url(address, to),
            heading=markdown_heading,
            later=fragments.later,
            **context,
        )
        self.add(path, text.encode())
        if fragments.kept:
            self.add(fragments_path(path), fragments.file())

    def direct_page(self, path: str, template: str, title: str, description: str, **context) -> None:
        address = page_url(path)
        body = self.environment.get_template(template).render(
            link=lambda to: relative_url(address, to), heading=heading, **context
        )
        self.claim(path)
        self.direct.append(DirectPage.of(path, address, title, description, body))
        self.bodies[path] = body.encode()

    def add(self, path: str, content: bytes) -> None:
        """A page or asset for MkDocs."""
        self.claim(path)
        self.docs[path] = content

    def publish(self, path: str, content: bytes) -> None:
        """A data file (JSON, feed, calendar) that goes on the site as it is."""
        self.claim(path)
        self.files[path] = content

    def claim(self, path: str) -> None:
        if path in self.claimed:
            raise ValueError(f"two files want the address {path}")  # two charters cannot share an id: a bug
        self.claimed.add(path)

    def absolute(self, address: str) -> str:
        return self.config.site_url + address

    def charter(self, charter: CharterView, listing: CharterListing, translations: CharterTranslations) -> CharterFiles:
        base = f"charters/{charter.id}/"
        title = charter.data["title"]
        purpose_html = Markup(charter.purpose_html)
        summary = self.say(message("Ethical benchmarks agreed by %(parties)s", parties=items(charter.parties.values())))
        common = {"charter": charter, "base": base, "data": charter.data, "purpose_html": purpose_html}
        # The charter's page shows the terms in force today, which may be an older
        # version's than the file's: a newer one may wait for approval or its start date.
        in_force = charter.in_force
        shown = in_force.terms if in_force is not None and in_force.number != charter.version else charter.terms
        self.page(
            f"{base}index.md",
            "charter.md.j2",
            title,
            summary,
            feed="feed.xml",
            **{
                **common,
                "purpose_html": Markup(render_markdown(shown.data["purpose"]))
                if shown is not charter.terms
                else purpose_html,
            },
            shown_terms=shown,
            languages=choices(translations, base, translations.binding, None),
            charts={
                record.id: benchmark_chart(record, f"chart-{record.id}", self.spoken)
                for record in charter.record.benchmarks
                if record.points
            },
        )
        # Search finds the current terms; history, comparisons and versions would repeat
        # them many times over (and grow the index with every revision). Not searched,
        # they are direct pages, which MkDocs need not render one by one.
        self.direct_page(
            f"{base}history.md",
            "history.html.j2",
            self.say(message("History: %(title)s", title=title)),
            self.say(message("Every revision of %(title)s", title=title)),
            **common,
        )
        self.direct_page(
            f"{base}compare.md",
            "compare.html.j2",
            self.say(message("Compare versions: %(title)s", title=title)),
            self.say(message("What changed between versions of %(title)s", title=title)),
            **common,
        )
        for version in charter.versions:
            self.direct_page(
                f"{base}v{version.number}.md",
                "version.html.j2",
                self.say(message("%(title)s, version %(number)s", title=title, number=version.number)),
                self.say(message("Version %(number)s of %(title)s, as agreed", title=title, number=version.number)),
                version=version,
                charter_id=charter.id,
                base=base,
                superseded=version.number != charter.version,
                current=charter.version,
                withdrawn=charter.withdrawn,
                purpose_html=Markup(render_markdown(version.terms.data["purpose"])),
                languages=choices(translations, base, translations.binding, version.number),
            )
            self.publish(f"api/charters/{charter.id}/v{version.number}.json", version_json(charter.id, version))
        self.translations(charter, translations)
        self.publish(f"api/charters/{charter.id}.json", charter_json(charter, listing))
        self.publish(
            f"{base}feed.xml",
            self.feed(self.say(feed_title(title)), f"{base}feed.xml", base, listing.feed),
        )
        host = urlsplit(self.config.site_url).hostname or "localhost"
        self.publish(f"{base}reviews.ics", review_calendar(charter, self.absolute(base), host, self.spoken))
        # The charter's own pages: search engines may read it, and the theme's script looks
        # for a sitemap beside each feed a page announces.
        pages = [
            *(page_url(path) for path in self.docs if path.endswith(".md")),
            *(page.address for page in self.direct),
        ]
        self.publish(f"{base}sitemap.xml", sitemap_xml(dict.fromkeys(map(self.absolute, pages), "")).encode())
        return CharterFiles(self.docs, self.files, tuple(self.direct), self.bodies)

    def translations(self, charter: CharterView, translations: CharterTranslations) -> None:
        for page in translated_pages(charter, translations, self.config.language):
            speaking = TranslatedSpeaker(environment(page.labels), page.translation.language, page.searchable)
            self.page(
                page.path, "translation.md.j2", page.page_title, page.description, speaking=speaking, translated=page
            )

    def feed(self, title: str, address: str, page: str, entries: tuple[FeedEntry, ...] | list[FeedEntry]) -> bytes:
        """An Atom feed of ``entries``, newest first."""
        updated = entries[0].updated if entries else "1970-01-01T00:00:00Z"
        feed = self.environment.get_template("feed.xml.j2").render(
            title=title,
            feed_url=self.absolute(address),
            page_url=self.absolute(page),
            updated=updated,
            entries=entries,
            absolute=self.absolute,
        )
        return feed.encode()

    def everything(
        self, site: Site, charter_files: list[CharterFiles], settings: Settings, pages: dict[str, str | bytes]
    ) -> RenderedSite:
        charters = list(site.charters)
        # The charters' files are claimed by path and passed on as they are: they may be held
        # on disk, and reading them here would bring them all into memory.
        for files in charter_files:
            for path in (*files.docs, *files.files, *(page.source for page in files.direct)):
                self.claim(path)
            self.direct.extend(files.direct)
        self.redirects(charters, charter_files)
        known = organisations(
            [party for charter in charters for party in charter.organisations],
            [former for charter in charters for former in charter.former_orgs],
        )
        host = urlsplit(self.config.site_url).hostname or "localhost"
        for organisation in known:
            base = f"organisations/{organisation.org}/"
            self.page(
                f"{base}index.md",
                "organisation.md.j2",
                organisation.name,
                self.say(
                    message(
                        "What %(name)s has agreed to, how it has kept its word, and what it owes",
                        name=organisation.name,
                    )
                ),
                organisation=organisation,
            )
            self.publish(
                f"{base}calendar.ics",
                organisation_calendar(
                    organisation, lambda charter_id: self.absolute(f"charters/{charter_id}/"), host, self.spoken
                ),
            )
        filters = {
            "org": [(organisation.org, organisation.name) for organisation in known if organisation.parties],
            "party": sorted({name for charter in charters for name in charter.parties}),
            "principle": sorted({principle for charter in charters for principle in charter.principles}),
            "status": sorted({charter.status for charter in charters}),
            "tag": sorted({tag for charter in charters for tag in charter.tags}),
        }
        self.page(
            "index.md",
            "index.md.j2",
            self.say(message("All charters")),
            self.say(message("Ethical benchmarks agreed between partner organisations")),
            charters=charters,
            filters=filters,
            organisations=tuple(organisation for organisation in known if organisation.parties),
            intro_html=_inert(settings.home_intro),
            repo_url=settings.site.repo_url,
        )
        self.page(
            REFERENCE_PAGE,
            "reference.md.j2",
            self.say(REFERENCE_TITLE),
            self.say(message("Every field of a charter, from the JSON Schema")),
            fields=reference_fields(),
            ledger_fields=ledger_reference_fields(),
            translation_fields=translation_reference_fields(),
        )
        self.page(
            GUIDE_PAGE,
            "how-partners-work.md.j2",
            self.say(GUIDE_TITLE),
            self.say(message("Propose a change, read the check, approve, see it published")),
            own_html=_inert(settings.how_we_work),
        )
        extra_pages = self.partners_pages(pages)
        self.publish("api/charters.json", charters_index_json(charters))
        site_feed = newest_first([entry for charter in charters for entry in charter.feed])
        self.publish(
            "feed.xml",
            self.feed(self.say(feed_title(self.config.site_name)), "feed.xml", "", site_feed),
        )
        self.publish("schema/charter.schema.json", schema_path().read_bytes())
        self.publish("schema/approvals.schema.json", ledger_schema_path().read_bytes())
        self.publish("schema/translation.schema.json", translation_schema_path().read_bytes())
        assets = resource("site_templates") / "assets"
        for asset in sorted(path for path in assets.rglob("*") if path.is_file()):
            self.add(f"assets/{asset.relative_to(assets).as_posix()}", asset.read_bytes())
        shells = self.shells()
        return RenderedSite(
            Together([self.docs, *(files.docs for files in charter_files)]),
            Together([self.files, *(files.files for files in charter_files)]),
            mkdocs_config(settings, extra_pages, tuple({tag for charter in charters for tag in charter.languages})),
            _theme_overrides(),
            self.config.site_url,
            tuple(self.direct),
            Together([files.bodies for files in charter_files]),
            shells,
            settings.engine,
        )

    def partners_pages(self, pages: dict[str, str | bytes]) -> list[tuple[str, str]]:
        """The partners' own pages (Markdown text, shown inert like a charter's purpose) and
        images, by path; the (title, path) of each page for the navigation."""
        navigation = []
        for path, content in pages.items():
            if isinstance(content, bytes):
                self.add(path, content)
                continue
            title = next((line[2:].strip() for line in content.splitlines() if line.startswith("# ")), None)
            title = title or path.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").capitalize()
            source = in_its_folder(path)
            self.page(source, "own-page.md.j2", title, self.config.site_name, body=Markup(render_markdown(content)))
            navigation.append((title, source))
        return navigation

    def redirects(self, charters: list[CharterListing], charter_files: list[CharterFiles]) -> None:
        for path, content in former_addresses(charters, charter_files, self.claimed, self.redirect_page).items():
            self.publish(path, content)

    def redirect_page(self, old: str, new: str, title: str) -> bytes:
        """The page at address ``old``, sending readers and search engines to ``new``."""
        return (
            self.environment.get_template("redirect.html.j2")
            .render(title=title, url=self.absolute(new), link=relative_url(old, new))
            .encode()
        )

    def shells(self) -> dict[tuple[str, ...], str]:
        """One shell page per table of contents the direct pages have."""
        shells = {}
        for number, headings in enumerate(sorted({page.headings for page in self.direct})):
            path = f"{SHELLS_FOLDER}/{number}.md"
            self.add(path, shell_markdown(headings).encode())
            shells[headings] = page_url(path)
        # The theme's links are relative: one shell serves pages at its own folder depth only.
        depth = f"{SHELLS_FOLDER}/0/".count("/")
        misplaced = [page.address for page in self.direct if page.address.count("/") != depth]
        if misplaced:
            raise ValueError(f"direct pages must be {depth} folders deep, unlike {misplaced[:3]}")
        return shells


def _theme_overrides() -> dict[str, bytes]:
    overrides = resource("site_templates") / "overrides"
    return {path.relative_to(overrides).as_posix(): path.read_bytes() for path in sorted(overrides.rglob("*.html"))}


def render_charter(
    charter: CharterView, listing: CharterListing, config: SiteConfig, translations: CharterTranslations
) -> CharterFiles:
    """``listing``: charter_listing(charter), which the renderer shows parts of too."""
    return _Renderer(config).charter(charter, listing, translations)


def render_site(
    site: Site, charter_files: list[CharterFiles], settings: Settings, pages: dict[str, str | bytes]
) -> RenderedSite:
    """The site from its model and each charter's files (from render_charter, now or in an
    earlier build), with the partners' settings and own ``pages`` (path in the site → the
    text of a Markdown page, or an image's bytes)."""
    return _Renderer(site.config).everything(site, charter_files, settings, pages)


def _inert(markdown_text: str | None) -> Markup | None:
    return None if markdown_text is None else Markup(render_markdown(markdown_text))
