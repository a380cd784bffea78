"""HTTP-level hardening: offline docs with a CSP, nosniff everywhere, feed links and texts, trusted proxies.

The app through httpx (FastAPI's TestClient, with a chosen client address where it matters), a real
`jobboard serve` for the links a real server hands out, and Debian's headless Chromium for the docs.
"""

from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser

from api.main import create_app
from index.tantivy_backend import TantivyIndex
from parsers.record import Company, Location, Place, Posting, Source
from tests.api.conftest import HOSTILE_DESCRIPTION, settings_for

ATOM = "{http://www.w3.org/2005/Atom}"
FORGED = {"Host": "evil.example"}
# Markup, and the content of scripts, of the hostile posting; none of it may reach a feed's entry text.
ATTACKS = (
    "<script",
    "<img",
    "onerror",
    "<iframe",
    "onclick",
    "<svg",
    "<style",
    "__pwned = 'script'",
    "__pwned=2",
    "display: none",
)


class _Tags(HTMLParser):
    """Every element and every URL-bearing attribute of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls.extend(value for name, value in attrs if name in ("src", "href", "spec-url") and value)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


# --- /docs and /redoc ---------------------------------------------------------------------------


def test_docs_pages_use_only_same_origin_assets_under_a_csp(client: TestClient) -> None:
    expected_types = {".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".json": "application/json"}
    for path in ("/docs", "/redoc"):
        page = client.get(path)
        assert page.status_code == 200
        urls = _parse(page.text).urls + re.findall(r"url: '([^']+)'", page.text)
        assert urls, page.text
        for url in urls:
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc and url.startswith("/"), f"{path} loads {url} from elsewhere"
            asset = client.get(url)
            assert asset.status_code == 200, url
            suffix = Path(parts.path).suffix
            assert asset.headers["content-type"].startswith(expected_types[suffix]), (url, asset.headers["content-type"])
        csp = page.headers["content-security-policy"]
        script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src")).split()[1:]
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "'self'" in script_src and "default-src 'none'" in csp
        # Swagger UI's inline init is allowed by its hash, and nothing else inline is.
        inline = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
        digests = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline}
        assert set(script_src) - {"'self'"} == digests
    assert client.get("/static/docs/swagger-ui-bundle.js").text.lstrip().startswith("/*!")


def test_docs_render_in_chromium_without_the_internet(served: str, browser: Browser) -> None:
    """Chromium here reaches nothing but loopback: operations appearing prove the local assets run under the CSP."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(f"{served}/docs")
    page.locator(".opblock-summary-path", has_text="/jobs").first.wait_for(timeout=20_000)
    assert page.locator(".opblock").count() >= 8
    assert not problems, problems  # a script or style the CSP refused would show here
    assert requested and all(url.startswith(served + "/") for url in requested), requested

    redoc = context.new_page()
    redoc_errors: list[str] = []
    redoc.on("pageerror", lambda exc: redoc_errors.append(str(exc)))
    redoc.goto(f"{served}/redoc")
    redoc.get_by_role("heading", name="List Jobs").first.wait_for(timeout=20_000)
    assert redoc.get_by_role("heading", level=1).first.inner_text().startswith("jobboard")
    assert not redoc_errors, redoc_errors
    context.close()


# --- nosniff ------------------------------------------------------------------------------------


def test_every_kind_of_answer_is_nosniff(client: TestClient) -> None:
    answers = {
        "page": client.get("/"),
        "search": client.get("/jobs", params={"q": "python"}),
        "record": client.get("/jobs/series-01"),
        "not found": client.get("/jobs/no-such-posting"),
        "unknown route": client.get("/no/such/route"),
        "invalid": client.get("/jobs", params={"size": 0}),
        "bad cursor": client.get("/jobs", params={"cursor": "forged"}),
        "feed": client.get("/feeds/jobs.rss"),
        "static": client.get("/static/style.css"),
        "docs": client.get("/docs"),
        "docs asset": client.get("/static/docs/swagger-ui.css"),
        "schema": client.get("/openapi.json"),
        "health": client.get("/healthz"),
        "metrics": client.get("/metrics"),
    }
    assert answers["not found"].status_code == 404 and answers["invalid"].status_code == 422
    assert answers["bad cursor"].status_code == 400
    missing = [name for name, answer in answers.items() if answer.headers.get("x-content-type-options") != "nosniff"]
    assert not missing
    again = client.get("/jobs", params={"q": "python"})  # now from the answer cache, before routing
    assert again.headers["x-cache"] == "hit" and again.headers["x-content-type-options"] == "nosniff"


# --- feeds --------------------------------------------------------------------------------------


def _feed_urls(body: bytes) -> list[str]:
    root = ET.fromstring(body)
    urls = [link.get("href", "") for link in root.iter(f"{ATOM}link")] + [e.text or "" for e in root.iter(f"{ATOM}id")]
    urls += [e.text or "" for name in ("link", "guid") for e in root.iter(name)]
    return [url for url in urls if url]


def test_feed_links_use_the_public_base_url_not_the_host_header(index_dir: Path) -> None:
    app = create_app(settings_for(index_dir, public_base_url="https://jobs.example.org/board/"))
    with TestClient(app) as public:
        for path in ("/feeds/jobs.atom", "/feeds/jobs.rss"):
            response = public.get(path, params={"company": "Quokka Zoo", "size": 3}, headers=FORGED)
            assert response.status_code == 200
            urls = _feed_urls(response.content)
            assert len(urls) >= 4
            assert all(url.startswith("https://jobs.example.org/board/") for url in urls), urls
            assert "https://jobs.example.org/board/postings/series-25" in urls
            assert f"https://jobs.example.org/board{path}?company=Quokka+Zoo&size=3" in urls  # the feed's own id


def test_without_a_public_base_url_feeds_name_the_server_not_the_host_header(client: TestClient, served: str) -> None:
    for base, get in (("http://testserver", client.get), (served, httpx.get)):
        response = get(f"{base}/feeds/jobs.atom", params={"q": "quokka", "size": 2}, headers=FORGED)
        assert response.status_code == 200
        urls = _feed_urls(response.content)
        assert urls and all(url.startswith(base + "/") for url in urls), urls
        assert "evil.example" not in response.text


def test_public_base_url_must_be_a_plain_http_url(index_dir: Path) -> None:
    from pydantic import ValidationError

    for bad in (
        "ftp://jobs.example.org",
        "jobs.example.org",
        "https://jobs.example.org/?a=1",
        "https://user:pw@jobs.example.org",
    ):
        with pytest.raises(ValidationError, match="public_base_url"):
            settings_for(index_dir, public_base_url=bad)


@pytest.fixture(scope="module")
def hostile_feed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An index of one posting whose description, company and place are other people's HTML (and no summary)."""
    root = tmp_path_factory.mktemp("feed-index")
    posting = Posting(
        id="feed-hostile",
        title="Qwzx Feed Engineer",
        company=Company(name='Evil <img src=x onerror="window.__pwned=1">Corp'),
        location=Location(raw="<script>window.__pwned=2</script>Berlin", places=[Place(city="Berlin", country_code="DE")]),
        description=HOSTILE_DESCRIPTION + "\nCode like `a < b && c > d` stays readable.\n",
        posted_at=datetime(2026, 10, 1, tzinfo=UTC),
        source=Source(kind="frontmatter", host="evil.test"),
    )
    index = TantivyIndex(root)
    index.rebuild([posting])
    index.close()
    with TestClient(create_app(settings_for(root))) as test_client:
        yield test_client


def test_feed_entry_texts_carry_no_markup(hostile_feed: TestClient) -> None:
    rss = hostile_feed.get("/feeds/jobs.rss", params={"q": "Qwzx"})
    assert rss.status_code == 200
    (item,) = ET.fromstring(rss.content).iter("item")
    description = item.findtext("description") or ""
    # A reader renders <description> as HTML: what it would render must be text, with no element at all.
    assert _parse(description).tags == [], description
    for attack in ATTACKS:
        assert attack not in description, attack
    assert "We use Python." in description and "Evil Corp" in description
    assert "a &lt; b &amp;&amp; c &gt; d" in description  # text that looks like markup is escaped, not dropped

    atom = hostile_feed.get("/feeds/jobs.atom", params={"q": "Qwzx"})
    (content,) = ET.fromstring(atom.content).iter(f"{ATOM}content")
    assert content.get("type") == "text"
    text = content.text or ""
    for attack in ATTACKS:
        assert attack not in text, attack
    assert "We use Python." in text and "a < b && c > d" in text


# --- rate limit behind a proxy ------------------------------------------------------------------


def test_rate_limit_believes_forwarded_for_only_from_trusted_proxies(index_dir: Path) -> None:
    app = create_app(settings_for(index_dir, rate_limit="2/minute", trusted_proxies="10.0.0.0/8, 192.0.2.1"))

    def status(client: TestClient, forwarded: str | None = None) -> int:
        headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
        return client.get("/roles", headers=headers).status_code

    with (
        TestClient(app, client=("10.1.2.3", 40000)) as proxy,
        TestClient(app, client=("192.0.2.1", 40000)) as other_proxy,
        TestClient(app, client=("198.51.100.7", 40000)) as direct,
    ):
        # Through a trusted proxy, two clients are two buckets.
        assert [status(proxy, "203.0.113.1") for _ in range(3)] == [200, 200, 429]
        assert status(proxy, "203.0.113.2") == 200
        # A chain of trusted proxies leads to the same client; what the client wrote left of it is ignored.
        assert status(other_proxy, "203.0.113.2, 10.9.9.9") == 200
        assert status(proxy, "1.1.1.1, 203.0.113.2") == 429
        assert status(proxy, "1.1.1.1 , 203.0.113.1:5555") == 429  # a port does not make another client
        # An untrusted peer is its own bucket, whatever it forwards.
        assert [status(direct, f"203.0.113.{n}") for n in (50, 51, 52)] == [200, 200, 429]
        limited = direct.get("/roles", headers={"X-Forwarded-For": "203.0.113.99"})
        assert limited.status_code == 429 and limited.headers["x-content-type-options"] == "nosniff"
        # The proxy's own requests (no header) are the proxy's bucket, not a client's.
        assert [status(proxy), status(proxy)] == [200, 200]
