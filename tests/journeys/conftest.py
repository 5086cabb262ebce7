"""What every journey needs: Debian's chromium driven by Playwright, people logged in through the
login page, and `Journey.look`, the check and screenshots of each main screen."""

import contextlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from ..factories import PASSWORD

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("JOURNEY_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(os.environ.get("JOURNEY_SCREENSHOTS", HERE / "screenshots"))
AXE_FILE = HERE / "vendor" / "axe.min.js"
# We run as root in a container with no network: no sandbox, no GPU, nothing phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# What a journey fails on; moderate and minor findings are only written to the report.
BLOCKING_IMPACTS = ("critical", "serious")
TIMEOUT_MS = 15_000


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "journey: a whole task in a real browser (Playwright with Debian's chromium)"
    )


def _why_not() -> str | None:
    if not CHROMIUM.exists():
        return (
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
            "the journeys never download a browser"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    return None


def pytest_collection_modifyitems(config, items):
    # Called with every item of the session: only this folder's are journeys.
    reason = _why_not()
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.journey)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # The journey fixture saves what each browser showed when the test failed.
    setattr(item, f"journey_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One chromium for all journeys. Playwright's sync API keeps an asyncio loop running in
    this thread while it is started, and Django refuses ORM calls next to a running loop; the
    tests' own ORM calls (factories, sweeps, checks) are safe, so the guard is lifted while the
    browser runs, and put back, with the loop stopped, before the rest of the suite runs."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
        _write_axe_report()


@pytest.fixture
def journey(request, browser, live_server, settings):
    # People in a browser see what production serves: cached page fragments, which every
    # change they make through a page must retire (workspaces/revisions.py).
    settings.FRAGMENT_CACHE_SECONDS = 600
    journey = Journey(re.sub(r"^test_|\W+", "", request.node.name), browser, live_server.url)
    yield journey
    call = getattr(request.node, "journey_call", None)
    journey.close(failed=bool(call and call.failed))


class Journey:
    """One journey's browsers (a context per person), its screenshots and its findings."""

    def __init__(self, name: str, browser, base_url: str):
        self.name = name
        self.browser = browser
        self.base_url = base_url
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.pages = []
        self.shots = 0
        self.script_errors: list[str] = []
        self.axe: dict[str, dict] = {}

    # --- People -----------------------------------------------------------------------------
    def browser_for(self, *, locale: str = "en-GB"):
        """A fresh browser window (its own cookies) at desktop width."""
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=DESKTOP,
            locale=locale,
            timezone_id="Europe/Amsterdam",
            accept_downloads=True,
            # Bootstrap then draws focus rings at once, without a transition to wait for.
            reduced_motion="reduce",
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))
        page.on("console", lambda message: self._console(page, message))
        self.pages.append(page)
        return page

    def _console(self, page, message) -> None:
        # A script error or a Content-Security-Policy refusal is a broken page; a 404 is not.
        text = message.text
        if message.type == "error" and "Failed to load resource" not in text:
            self.script_errors.append(f"{page.url}: {text}")

    def log_in(
        self,
        user,
        *,
        page=None,
        email_label: str = "Email address",
        password_label: str = "Password",
        button: str = "Log in",
        keyboard: bool = False,
    ):
        """Log in through the login page, as a person does; returns the page, on the workspace
        the login led to. With keyboard=True only the keyboard is used."""
        from playwright.sync_api import expect

        page = page or self.browser_for()
        page.goto("/auth/login/")
        email = by_label(page, email_label)
        if keyboard:
            expect(email).to_be_focused()  # the field has autofocus
            page.keyboard.type(user.email)
            page.keyboard.press("Tab")
            expect(by_label(page, password_label)).to_be_focused()
            page.keyboard.type(PASSWORD)
            page.keyboard.press("Enter")
        else:
            email.fill(user.email)
            by_label(page, password_label).fill(PASSWORD)
            page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_url(lambda url: "/auth/login/" not in url)
        return page

    # --- Looking at a screen ------------------------------------------------------------------
    def look(self, page, name: str, *, scan: bool = True, fits_phone: bool = True) -> None:
        """The checks and screenshots of one main screen, at desktop and phone width: every form
        field has a label, axe-core finds nothing serious or critical, no script failed, and
        (fits_phone) the page body does not scroll sideways at 390 px."""
        page.wait_for_load_state("load")
        self.shots += 1
        stem = f"{self.shots:02d}-{name}"
        findings = {}
        try:
            for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                page.set_viewport_size(viewport)
                page.screenshot(path=self.folder / f"{stem}-{width}.png", full_page=True)
                unlabelled = page.evaluate(UNLABELLED_FIELDS)
                assert not unlabelled, f"{name} ({width}): fields without a label: {unlabelled}"
                if scan:
                    findings[width] = axe_run(page)
                if width == "phone":
                    scroll_width = page.evaluate("document.documentElement.scrollWidth")
                    findings["phone_scroll_width"] = scroll_width
                    if fits_phone:
                        assert scroll_width <= PHONE["width"], (
                            f"{name}: the page is {scroll_width} px wide on a 390 px phone: "
                            f"{page.evaluate(WIDE_ELEMENTS)}"
                        )
        finally:
            page.set_viewport_size(DESKTOP)
            self.axe[stem] = {"url": page.url.removeprefix(self.base_url), **findings}
            self._save_findings()
        assert not self.script_errors, f"{name}: scripts failed: {self.script_errors}"
        for width in ("desktop", "phone"):
            blocking = [
                f"{v['impact']} {v['id']} ({v['help']}): {[n['target'] for n in v['nodes']]}"
                for v in findings.get(width, [])
                if v["impact"] in BLOCKING_IMPACTS
            ]
            assert not blocking, f"{name} ({width}): axe-core finds {blocking}"

    def _save_findings(self) -> None:
        (self.folder / "axe.json").write_text(json.dumps(self.axe, indent=2))

    def close(self, *, failed: bool) -> None:
        for page in self.pages:
            if failed and not page.is_closed():
                # What each person saw when the journey failed (if the page can still show it).
                self.shots += 1
                with contextlib.suppress(Exception):
                    path = self.folder / f"{self.shots:02d}-FAILED.png"
                    page.screenshot(path=path, full_page=True)
            page.context.close()


def van_dijk_team():
    """The journeys' company: the workspace, Eva (editor), Ruud (reviewer), and the LinkedIn
    page a plan from today - 30 days to today + 90 days uses (not yet approved)."""
    import datetime

    from django.utils import timezone

    from workspaces.models import CompanyDomain, Role

    from ..accounts_registry.factories import SocialAccountFactory
    from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
    from ..strategy.factories import complete_plan

    workspace = WorkspaceFactory(name="Van Dijk Installatietechniek", slug="van-dijk")
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    editor = UserFactory(email="eva.jansen@vandijk.nl", name="Eva Jansen")
    reviewer = UserFactory(email="ruud.bakker@vandijk.nl", name="Ruud Bakker")
    MembershipFactory(workspace=workspace, user=editor, role=Role.EDITOR)
    MembershipFactory(workspace=workspace, user=reviewer, role=Role.REVIEWER)
    linkedin = SocialAccountFactory(
        workspace=workspace, platform="linkedin_page", handle="van-dijk"
    )
    today = timezone.localdate()
    plan = complete_plan(
        workspace=workspace,
        owner=editor,
        account=linkedin,
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=90),
    )
    return workspace, editor, reviewer, linkedin, plan


def by_label(scope, text: str):
    """The fields labelled `text`: exactly that, or with the asterisk of a required field."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$"))


# --- In the page ------------------------------------------------------------------------------
_AXE_SOURCE: str | None = None


def axe_run(page) -> list[dict]:
    """axe-core's violations on the page as it is now (every rule axe runs by default)."""
    global _AXE_SOURCE
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, so the Content-Security-Policy, which allows
        # no inline script, does not stop it (and stays on for the page itself).
        _AXE_SOURCE = _AXE_SOURCE or AXE_FILE.read_text(encoding="utf-8")
        page.evaluate(_AXE_SOURCE)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }"""
    )


def _write_axe_report() -> None:
    """All journeys' findings in one file: page → width → violations."""
    if not SCREENSHOTS.is_dir():
        return
    report = {
        folder.name: json.loads((folder / "axe.json").read_text())
        for folder in sorted(SCREENSHOTS.iterdir())
        if (folder / "axe.json").is_file()
    }
    (SCREENSHOTS / "axe-report.json").write_text(json.dumps(report, indent=2))


# Form fields (not buttons) that no <label>, aria-label or aria-labelledby names.
UNLABELLED_FIELDS = """() => [...document.querySelectorAll("input, select, textarea")]
  .filter(e => !["hidden", "submit", "button", "reset", "image"].includes(e.type))
  .filter(e => {
    const text = el => (el && el.textContent || "").trim();
    const byLabel = e.labels && [...e.labels].some(label => text(label));
    const byAria = (e.getAttribute("aria-label") || "").trim();
    const byIds = (e.getAttribute("aria-labelledby") || "").split(/\\s+/)
      .some(id => id && text(document.getElementById(id)));
    return !(byLabel || byAria || byIds);
  })
  .map(e => e.name || e.id || e.outerHTML.slice(0, 80))"""

# The elements that stick out to the right of a phone's screen, outside any scrolling box.
WIDE_ELEMENTS = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const e of document.querySelectorAll("body *")) {
    const box = e.getBoundingClientRect();
    if (box.right <= width + 1 || box.width === 0) continue;
    let parent = e.parentElement, contained = false;
    while (parent && parent !== document.body) {
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(parent).overflowX)) {
        contained = true;
        break;
      }
      parent = parent.parentElement;
    }
    const right = Math.round(box.right);
    if (!contained) found.push(`${e.tagName.toLowerCase()}.${e.className} (${right} px)`);
  }
  return found.slice(0, 10);
}"""


# --- Keyboard ---------------------------------------------------------------------------------
FOCUSED = """() => {
  const e = document.activeElement, style = getComputedStyle(e);
  // A date field's last stop is the browser's own picker button, which draws its own ring.
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || (style.boxShadow !== "none" && !style.boxShadow.startsWith("rgba(0, 0, 0, 0)"))
    || ["date", "datetime-local", "time"].includes(e.type);
  return {
    what: `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.name ? "[" + e.name + "]" : ""} `
      + (e.labels && e.labels[0] ? e.labels[0].textContent : e.textContent).trim().slice(0, 40),
    id: e.id, visible: e.offsetParent !== null || style.position === "fixed", ring,
  };
}"""


def tab_until(page, target, *, on_focus=None, limit: int = 250) -> list[dict]:
    """Press Tab until `target` (a locator) has the focus, as a keyboard user does, calling
    on_focus(what got the focus) on the way (to type into it). Returns what got the focus;
    fails when the target is never reached, or when something got the focus without showing
    it (no outline, no ring) or while hidden."""
    visited = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        visited.append(focused)
        assert focused["visible"], f"The focus went to something hidden: {focused['what']}"
        assert focused["ring"], f"The focus on {focused['what']} is not shown"
        if target.evaluate("e => e === document.activeElement"):
            return visited
        if on_focus:
            on_focus(focused)
    raise AssertionError(f"Tab never reached {target}: {[v['what'] for v in visited][-20:]}")
