"""The browser extension in Debian's Chromium: built as `make extension` builds it, loaded
unpacked into a persistent context, on stand-in copies of the platforms' pages served under
their real host names (tests/browser/platforms_stand_in.py), with a list the test signs."""

import random

import pytest
from playwright.sync_api import expect

from extension.build import build
from tests.browser.conftest import CHROMIUM
from tests.browser.platforms_stand_in import StandIn

pytestmark = pytest.mark.browser

REGISTRY = "https://registry.example.org"


def entry(platform, handle, status="official", **extra) -> dict:
    return {
        "platform": platform,
        "handle": handle,
        "url": f"https://example.invalid/{handle}",
        "permanent_id": "",
        "aliases": [],
        "status": status,
        "notice": "",
        "display_name": "Gouvernement du Luxembourg",
        "service": {"fr": "Service information et presse", "de": "Presse- und Informationsamt",
                    "en": "Information and Press Service"},
        "ministry": {"fr": "Ministère d'État", "de": "Staatsministerium",
                     "en": "Ministry of State"},
        "page": f"{REGISTRY}/fr/accounts/{abs(hash(handle)) % 1000}/",
        **extra,
    } | ({"display_name": extra["display_name"]} if "display_name" in extra else {})  # fmt: skip


ENTRIES = [
    entry("x", "gouvlu", permanent_id="783214"),
    entry("x", "santelu", permanent_id="111", display_name="Direction de la santé"),
    entry("bluesky", "sante.lu", "suspended", notice="Compte piraté le 3 décembre.",
          display_name="Santé"),
    entry("youtube", "@ancienne", "closed", display_name="Ancienne chaîne"),
    entry("telegram", "gouvgone", "gone", display_name="Canal disparu"),
    entry("facebook", "gouvlu", permanent_id="100064123456789"),
    entry("instagram", "gouvlu"),
    entry("linkedin", "company/gouvlu"),
    entry("tiktok", "gouvlu"),
    entry("threads", "gouvlu"),
    entry("github", "gouvlu"),
    entry("mastodon", "gouvlu@social.numerique.gouv.fr"),
]  # fmt: skip


def x_profile(handle: str, user_id: str, name: str = "Gouvernement du Luxembourg") -> str:
    return f"""<!doctype html><title>{name}</title><main>
      <div data-testid="UserName"><span>{name}</span><span>@{handle}</span></div>
      <script type="application/ld+json">
        {{"@type": "ProfilePage", "mainEntity": {{"@type": "Person", "identifier": "{user_id}"}}}}
      </script></main>"""


PROFILES = {
    ("x.com", "/gouvlu"): x_profile("gouvlu", "783214"),
    ("x.com", "/gouvlu_renamed"): x_profile("gouvlu_renamed", "783214"),
    ("x.com", "/santelu"): x_profile("santelu", "999", "Direction de la santé"),
    ("x.com", "/gouvlu_official"): x_profile("gouvlu_official", "555"),
    ("x.com", "/someone"): x_profile("someone", "556", "Someone"),
    ("bsky.app", "/profile/sante.lu"): """<!doctype html><title>Santé</title>
      <link rel="alternate" href="at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.actor.profile/self">
      <main><div data-testid="profileHeaderDisplayName">Santé</div></main>""",
    ("www.youtube.com", "/@ancienne"): """<!doctype html><title>Ancienne</title>
      <main><yt-page-header-view-model><h1>Ancienne chaîne</h1>
      </yt-page-header-view-model></main>""",
    ("t.me", "/gouvgone"): """<!doctype html><title>Canal</title>
      <main><div class="tgme_page_title"><span>Canal disparu</span></div></main>""",
    ("www.facebook.com", "/gouvlu"): """<!doctype html><title>Gouvernement</title>
      <meta property="al:android:url" content="fb://page/100064123456789">
      <main><h1>Gouvernement du Luxembourg</h1></main>""",
    ("www.instagram.com", "/gouvlu/"): """<!doctype html><title>gouvlu</title>
      <main><header><h2>gouvlu</h2></header></main>""",
    ("www.linkedin.com", "/company/gouvlu/"): """<!doctype html><title>Gouvernement</title>
      <main><h1>Gouvernement du Luxembourg</h1></main>""",
    ("www.tiktok.com", "/@gouvlu"): """<!doctype html><title>gouvlu</title>
      <main><h1 data-e2e="user-title">gouvlu</h1></main>""",
    ("www.threads.net", "/@gouvlu"): """<!doctype html><title>gouvlu</title>
      <main><h1>Gouvernement du Luxembourg</h1></main>""",
    ("github.com", "/gouvlu"): """<!doctype html><title>gouvlu</title>
      <main><h1 class="vcard-names"><span>Gouvernement</span></h1></main>""",
    ("social.numerique.gouv.fr", "/@gouvlu"): """<!doctype html><title>gouvlu</title>
      <body><div id="mastodon"><div class="account__header__tabs__name"><h1>Gouvernement
      </h1></div></div></body>""",
}


def timeline(posts: int) -> str:
    authors = [("gouvlu", "Gouvernement du Luxembourg"), ("gouvlu_officiel", "Gouvernement"),
               ("someone", "Someone"), ("santelu", "Direction de la santé")]  # fmt: skip
    articles = []
    for n in range(posts):
        handle, name = authors[n % len(authors)]
        articles.append(
            f'<article data-testid="tweet"><div data-testid="User-Name"><a href="/{handle}">'
            f"<span>{name}</span></a><a href='/{handle}'>@{handle}</a></div>"
            f"<p>Post {n}: see <a href='https://t.co/abc'>faceb00k-login.com/gouvlu</a></p></article>"
        )
    return "<!doctype html><title>Home</title><main>" + "".join(articles) + "</main>"


# Timelines and replies on the other platforms: (host, path, markup of one post by an author).
TIMELINES = [
    ("bsky.app", "/", '<div data-testid="feedItem-by-x"><a href="/profile/{h}">{h}</a></div>',
     "sante.lu", "suspended"),
    ("social.numerique.gouv.fr", "/home",
     '<div class="status"><a class="status__display-name" href="/@{h}">{h}</a></div>', "gouvlu",
     "official"),
    ("www.youtube.com", "/watch", '<ytd-comment-renderer><a id="author-text" href="/{h}">{h}</a>'
     "</ytd-comment-renderer>", "@ancienne", "closed"),
    ("t.me", "/s/canal", '<div class="tgme_widget_message">'
     '<a class="tgme_widget_message_owner_name" href="https://t.me/{h}">{h}</a></div>',
     "gouvgone", "gone"),
    ("github.com", "/gouvlu/site/issues/1", '<a class="author" href="/{h}">{h}</a>', "gouvlu",
     "official"),
    ("www.instagram.com", "/", '<article><header><a href="/{h}/">{h}</a></header></article>',
     "gouvlu", "official"),
]  # fmt: skip


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory):
    address = f"127.{random.randint(64, 250)}.{random.randint(1, 250)}.{random.randint(2, 250)}"
    with StandIn(tmp_path_factory.mktemp("tls"), address) as server:
        server.pages.update(PROFILES)
        server.pages[("x.com", "/home")] = timeline(500)
        for host, path, post, handle, _kind in TIMELINES:
            marker = '<div id="mastodon"></div>' if host.startswith("social.") else ""
            posts = post.format(h=handle) + post.format(h="someone_else")
            server.pages[(host, path)] = (
                f"<!doctype html><title>t</title>{marker}<main>{posts}</main>"
            )
        server.registry.publish(ENTRIES, version=5)
        yield server


@pytest.fixture(scope="module")
def extension_dir(tmp_path_factory, stand_in):
    out = tmp_path_factory.mktemp("dist") / "extension"
    build(REGISTRY, stand_in.registry.vkey, out, "1.0.0")
    return out


@pytest.fixture(scope="module")
def browser_with_extension(playwright, tmp_path_factory, stand_in, extension_dir):
    if not CHROMIUM or not __import__("os").path.exists(CHROMIUM):
        pytest.skip("chromium is not installed: run `make browser-deps`")
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("profile")),
        executable_path=CHROMIUM,
        headless=True,
        locale="fr-FR",
        args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--lang=fr",
            f"--disable-extensions-except={extension_dir}", f"--load-extension={extension_dir}",
            f"--host-resolver-rules=MAP * {stand_in.address}",
            f"--ignore-certificate-errors-spki-list={stand_in.spki}",
        ],
    )  # fmt: skip
    worker = context.service_workers[0] if context.service_workers else None
    worker = worker or context.wait_for_event("serviceworker")
    context.extension_id = worker.url.split("/")[2]
    yield context
    context.close()


@pytest.fixture(scope="module")
def popup(browser_with_extension):
    page = browser_with_extension.new_page()
    page.goto(f"chrome-extension://{browser_with_extension.extension_id}/popup.html")
    return page


def refresh(popup) -> dict:
    return popup.evaluate("chrome.runtime.sendMessage({type: 'refresh'})")


def stored(popup) -> dict:
    return popup.evaluate("chrome.storage.local.get(null)")


@pytest.fixture
def page(browser_with_extension, popup, stand_in):
    stand_in.registry.publish(ENTRIES, version=max(5, stored(popup).get("seenVersion", 0)))
    stand_in.registry.reachable = True
    assert refresh(popup)["error"] == ""
    tab = browser_with_extension.new_page()
    yield tab
    tab.close()


def opened(mark):
    """The mark's explanation, opened as a person opens it."""
    mark.get_by_role("button").click()
    return mark.get_by_role("note")


def marked(page):
    expect(page.locator("html[data-ofr-time]")).to_have_count(1)  # the first pass is done
    return page.locator(".ofr-mark")


# --- Profile pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com/gouvlu",
        "https://www.facebook.com/gouvlu",
        "https://www.instagram.com/gouvlu/",
        "https://www.linkedin.com/company/gouvlu/",
        "https://www.tiktok.com/@gouvlu",
        "https://www.threads.net/@gouvlu",
        "https://github.com/gouvlu",
        "https://social.numerique.gouv.fr/@gouvlu",
    ],
)
def test_an_official_profile_is_marked_official_with_its_owner(page, url):
    page.goto(url)
    mark = marked(page)
    expect(mark).to_have_attribute("data-ofr-kind", "official")
    expect(mark.get_by_role("button")).to_contain_text("Officiel")
    expect(opened(mark)).to_contain_text("Service information et presse")


def test_a_suspended_account_shows_its_notice(page):
    page.goto("https://bsky.app/profile/sante.lu")
    mark = marked(page)
    expect(mark).to_have_attribute("data-ofr-kind", "suspended")
    expect(opened(mark)).to_contain_text("Compte piraté le 3 décembre.")


def test_a_closed_account_says_the_handle_may_belong_to_someone_else(page):
    page.goto("https://www.youtube.com/@ancienne")
    mark = marked(page)
    expect(mark).to_have_attribute("data-ofr-kind", "closed")
    expect(opened(mark)).to_contain_text("peut appartenir à quelqu'un d'autre")


def test_an_account_gone_from_the_platform_is_marked_gone(page):
    page.goto("https://t.me/gouvgone")
    expect(marked(page)).to_have_attribute("data-ofr-kind", "gone")


def test_a_renamed_account_keeps_its_mark_by_its_permanent_id(page):
    page.goto("https://x.com/gouvlu_renamed")
    expect(marked(page)).to_have_attribute("data-ofr-kind", "official")


def test_a_handle_taken_over_by_another_account_does_not_borrow_the_mark(page):
    page.goto("https://x.com/santelu")
    mark = marked(page)
    expect(mark).to_have_attribute("data-ofr-kind", "takeover")
    expect(mark.get_by_role("button")).to_contain_text("Pas le compte officiel")


def test_a_look_alike_names_the_real_account_and_offers_a_report(page):
    page.goto("https://x.com/gouvlu_official")
    mark = marked(page)
    expect(mark).to_have_attribute("data-ofr-kind", "lookalike")
    expect(opened(mark)).to_contain_text("Gouvernement du Luxembourg")
    report = mark.get_by_role("link", name="Signaler au registre")
    expect(report).to_have_attribute(
        "href", f"{REGISTRY}/report/?url=https%3A%2F%2Fx.com%2Fgouvlu_official"
    )


def test_an_unknown_account_gets_no_mark(page):
    page.goto("https://x.com/someone")
    expect(marked(page)).to_have_count(0)


def test_the_mark_is_a_button_reached_by_keyboard_that_opens_its_explanation(page):
    page.goto("https://x.com/gouvlu")
    button = marked(page).get_by_role("button")
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("note")).to_be_visible()


# --- Timelines ---------------------------------------------------------------------------


def test_a_timeline_of_500_posts_is_marked_in_under_50_ms_of_script_time(page):
    """Script time of the first pass, as performance.now() in the page measures it around the
    annotate call; the best of three loads, since other processes share this machine's cores."""
    times = []
    for _ in range(3):
        page.goto("https://x.com/home")
        marks = marked(page)
        times.append(float(page.locator("html").get_attribute("data-ofr-time")))
    print(f"\nannotating 500 posts: {', '.join(f'{t:.1f}' for t in times)} ms")
    assert min(times) < 50, times
    expect(page.locator("article").first.locator(".ofr-official")).to_have_count(1)
    kinds = marks.evaluate_all("marks => marks.map(m => m.dataset.ofrKind)")
    assert kinds.count("official") == 250  # gouvlu, and santelu: no id in a timeline
    assert kinds.count("lookalike") == 125
    assert kinds.count("takeover") == 0
    assert kinds.count("lookalike_link") == 500


@pytest.mark.parametrize(("host", "path", "post", "handle", "kind"), TIMELINES)
def test_authors_in_a_timeline_are_marked_on_every_platform(page, host, path, post, handle, kind):
    page.goto(f"https://{host}{path}")
    expect(marked(page)).to_have_attribute("data-ofr-kind", kind)  # one: the other is unknown


def test_posts_loaded_while_scrolling_are_marked_as_they_appear(page):
    page.goto("https://x.com/home")
    marked(page)
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<article id="new"><div data-testid="User-Name"><a href="/gouvlu">Gouvernement</a>' +
        '</div></article>')"""
    )
    expect(page.locator("#new .ofr-mark")).to_have_attribute("data-ofr-kind", "official")


# --- The list ----------------------------------------------------------------------------


def test_the_list_is_verified_and_its_version_kept(page, popup):
    """`page` has just had the registry publish its list and the extension fetch it: the state
    does not hang on what an earlier test left, or on the install-time fetch having finished."""
    state = stored(popup)
    assert state["listInfo"]["entries"] == len(ENTRIES)
    assert state["seenVersion"] >= 5


def test_the_toolbar_panel_says_which_list_is_in_use_and_updates_it(page, popup):
    popup.reload()
    expect(popup.get_by_role("status")).to_contain_text(f"{len(ENTRIES)} comptes")
    popup.get_by_role("button", name="Mettre à jour la liste").click()
    expect(popup.get_by_role("status")).to_contain_text("Liste version")


def test_a_tampered_list_is_refused_and_the_last_good_one_kept(page, popup, stand_in):
    good = stored(popup)["listInfo"]
    stand_in.registry.body = stand_in.registry.body.replace(b'"suspended"', b'"official"')
    assert refresh(popup)["error"] == "signature"
    assert stored(popup)["listInfo"] == good


def test_an_expired_list_is_refused(page, popup, stand_in):
    stand_in.registry.publish(ENTRIES, version=50, expires_in_days=-1)
    assert refresh(popup)["error"] == "expired"
    assert stored(popup)["seenVersion"] < 50


def test_a_list_older_than_one_seen_is_refused(page, popup, stand_in):
    stand_in.registry.publish(ENTRIES, version=60)
    assert refresh(popup)["error"] == ""
    stand_in.registry.publish(ENTRIES[:1], version=59)
    assert refresh(popup)["error"] == "rollback"
    assert stored(popup)["listInfo"]["entries"] == len(ENTRIES)


def test_when_the_registry_is_unreachable_the_last_good_list_still_marks(page, popup, stand_in):
    stand_in.registry.reachable = False
    assert refresh(popup)["error"] == "unreachable"
    page.goto("https://x.com/gouvlu")
    expect(marked(page)).to_have_attribute("data-ofr-kind", "official")


def test_the_pages_visited_are_never_sent_to_the_registry(page, stand_in):
    stand_in.registry.requests.clear()
    for url in ("https://x.com/gouvlu", "https://x.com/home", "https://bsky.app/profile/sante.lu"):
        page.goto(url)
        marked(page)
    assert set(stand_in.registry.requests) <= {
        "/.well-known/official-accounts.json",
        "/.well-known/official-accounts.json.sig",
    }
