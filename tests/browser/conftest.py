"""Browser tests: Debian's Chromium driven by Playwright against the real local stack (`make run`), in its own
process on free ports. Every screen visited is checked with axe-core and photographed at two widths."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from devstack.embedded_aws import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "build" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def stack():
    """(portal address, embedded AWS address) of a `make run` started for the browser tests."""
    if not (ROOT / "web" / "dist" / "index.html").is_file() or not AXE.is_file():
        pytest.fail("the portal is not built: run `make web` (make test does it)")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)")
    port, aws_port = free_port(), free_port()
    process = subprocess.Popen([sys.executable, "-m", "devstack.server", "--port", str(port), "--aws-port",
                                str(aws_port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=5):  # noqa: S310 (loopback)
                break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"the local stack stopped: {process.stdout.read()}")
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the local stack did not answer /health")
    yield base, f"http://127.0.0.1:{aws_port}"
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, stack):
    """Pages in fresh contexts (one person per context, as two browsers would be)."""
    contexts = []

    def make(width: int = DESKTOP["width"], height: int = DESKTOP["height"]):
        # bypass_csp: axe-core is injected as an inline script, which the portal's CSP refuses (as it should).
        context = browser.new_context(viewport={"width": width, "height": height}, locale="es-CO",
                                      timezone_id="America/Bogota", accept_downloads=True, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


def open_portal(page, base: str, route: str = "/ingresar") -> None:
    page.goto(f"{base}/portal/#{route}")
    page.locator("main h1").first.wait_for()


def login(page, base: str, document: str, password: str, kind: str = "CC") -> None:
    open_portal(page, base, "/ingresar")
    page.get_by_label("Tipo de documento").select_option(kind)
    page.get_by_label("Número de documento").fill(document)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()


def logout(page) -> None:
    page.get_by_role("button", name="Cerrar sesión").first.click()
    expect(page.get_by_role("status").filter(has_text="Sesión cerrada")).to_be_visible()


def check_accessibility(page, screen: str) -> None:
    """axe-core (WCAG 2.0/2.1 A and AA rules) on what is on screen: no serious or critical violation."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                       nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not bad, f"{screen}: {json.dumps(bad, ensure_ascii=False)}"


def screenshot(page, name: str) -> None:
    """The screen at desktop and phone widths into build/screenshots/ (CI keeps the folder)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in (("escritorio", DESKTOP), ("celular", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(original)


def visit(page, name: str) -> None:
    """Every screen the journey reaches: accessibility checked and photographed."""
    check_accessibility(page, name)
    screenshot(page, name)


def mailbox(base: str) -> list[dict]:
    with urllib.request.urlopen(f"{base}/_local/buzon", timeout=10) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())


def mail_to(base: str, address: str, subject: str, pattern: str, timeout: float = 20) -> str:
    """The first group of `pattern` in the latest email to `address` with `subject` (waits for it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for mail in reversed(mailbox(base)):
            if address in mail["para"] and mail["asunto"] == subject:
                return re.search(pattern, mail["cuerpo"]).group(1)
        time.sleep(0.3)
    raise AssertionError(f"no email '{subject}' to {address}")


def mail_containing(base: str, subject: str, text: str, pattern: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for mail in reversed(mailbox(base)):
            if mail["asunto"] == subject and text in mail["cuerpo"]:
                return re.search(pattern, mail["cuerpo"]).group(1)
        time.sleep(0.3)
    raise AssertionError(f"no email '{subject}' containing {text}")
