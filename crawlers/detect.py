"""``jobboard detect``: which ATS boards a careers URL is, or its page embeds or links, as companies-list lines.

A URL on an ATS's public hosts is recognized without fetching anything (``crawlers.sources.recognize``). Any
other URL is fetched once (its redirects followed, at most five) and its page searched for the boards it
embeds or links: any URL on an ATS's hosts (Greenhouse's embed script ``boards.greenhouse.io/embed/job_board?for=...``
and its EU hosts, Lever and ``jobs.eu.lever.co``, Ashby's embed, Workable, SmartRecruiters, Personio ``.de`` and
``.com``, Teamtailor and ``{token}.career.teamtailor.com``, Recruitee), written plainly, JSON-escaped or
percent-encoded; the board names that embed scripts take as settings rather than URLs (the Lever jobs embed's
``accountName``, the SmartRecruiters careers widget's ``company_code``) or that sit deeper in a path
(SmartRecruiters' one-click apply, Workable's widget API); and a Teamtailor career site on the
company's own domain, known by Teamtailor's page markers, which is crawled as a careers site by its own URL.

The fetch keeps to the crawler's address rules (``crawlers.middlewares``): no request goes to an internal
address, except to a site given at an IP address or ``localhost`` itself (the person typing it chose it), and
only there. A host name is resolved once and connected to at the address that was checked.
"""

from __future__ import annotations

import html
import http.client
import re
import socket
import ssl
from dataclasses import dataclass, field
from ipaddress import ip_address
from urllib.parse import unquote, urljoin, urlsplit

from crawlers.companies import origin
from crawlers.errors import CrawlError
from crawlers.middlewares import is_internal
from crawlers.sources import ATS, AtsBoard, recognize, valid_token

_MAX_BYTES = 4 * 1024 * 1024
_MAX_REDIRECTS = 5
_ATS_DOMAINS = (
    r"greenhouse\.io|lever\.co|ashbyhq\.com|workable\.com|smartrecruiters\.com|personio\.de|personio\.com"
    r"|teamtailor\.com|recruitee\.com"
)
# Any URL on an ATS's hosts, written out in the page (attributes, scripts, JSON): scheme-relative ones too.
# A JSON-escaped URL (``https:\/\/jobs.lever.co\/acme``) keeps its escaped slashes, and stops at an escaped quote.
_ATS_URL = re.compile(
    rf"(?:https?:)?(?:\\?/){{2}}(?:[a-z0-9-]+\.)*(?:{_ATS_DOMAINS})(?:\\?[/?#](?:\\/|[^\s\"'<>)\\])*)?", re.IGNORECASE
)


# Board names that embed scripts take as settings, or that sit deeper in widget and apply paths than a board URL's
# first segment: (ATS, a word the page must hold, where the name is).
_SETTINGS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    # The Lever jobs embed: ``window.leverJobsOptions = {accountName: "acme", ...}``.
    ("lever", "leverjobsoptions", re.compile(r"""\baccountName["']?\s*:\s*["']([A-Za-z0-9._-]+)["']""")),
    # The SmartRecruiters careers widget: ``widget({"company_code": "Acme", ...})``.
    ("smartrecruiters", "smartrecruiters", re.compile(r"""\bcompany_?code["']?\s*:\s*["']([A-Za-z0-9._-]+)["']""", re.I)),
    # SmartRecruiters' one-click apply: ``jobs.smartrecruiters.com/oneclick-ui/company/Acme/publication/...``.
    (
        "smartrecruiters",
        "oneclick-ui",
        re.compile(r"smartrecruiters\.com(?:\\?/)+oneclick-ui(?:\\?/)+company(?:\\?/)+([A-Za-z0-9._-]+)"),
    ),
    # Workable's widget and listing APIs: ``apply.workable.com/api/v1/widget/accounts/acme``, ``/api/v3/accounts/acme``.
    (
        "workable",
        "workable.com",
        re.compile(r"workable\.com(?:\\?/)+api(?:\\?/)+(?:v\d+(?:\\?/)+)?(?:widget(?:\\?/)+)?accounts(?:\\?/)+([A-Za-z0-9._-]+)"),
    ),
)
# A Teamtailor career site, whatever its domain: its asset hosts and its generator tag.
_TEAMTAILOR_SITE = re.compile(
    r"""(?:[a-z0-9-]+\.)*teamtailor-cdn\.com|<meta[^>]+name=["']generator["'][^>]+content=["']Teamtailor""", re.I
)


class DetectError(CrawlError):
    """The page could not be fetched: refused, unreachable, or not answered with a page."""


@dataclass(frozen=True)
class CareersSite:
    """A careers site an ATS runs on the company's own domain (a Teamtailor custom domain): its companies-list line
    is the site's URL, read as any careers site is (its offer links and their JSON-LD)."""

    kind: str  # the ATS behind it
    url: str

    @property
    def line(self) -> str:
        return self.url


@dataclass
class Detected:
    """What one URL gave: the boards found (in the order first seen) and how they were found."""

    url: str
    boards: list[AtsBoard | CareersSite] = field(default_factory=list)
    how: str = ""  # "the URL itself" or "its page (final URL)"
    error: str | None = None


def boards_in_page(text: str) -> list[AtsBoard]:
    """The ATS boards a page embeds or links, each once, in the order they first appear: URLs first (as written,
    then percent-decoded, as in a share link's ``?url=``), then the board names embed scripts take as settings."""
    found: dict[tuple[str, str], AtsBoard] = {}
    pages = [text, unquote(text)] if "%2f" in text.lower() else [text]
    for page in pages:
        for match in _ATS_URL.finditer(page):
            url = html.unescape(match.group(0)).replace("\\/", "/")
            if url.startswith("//"):
                url = "https:" + url
            board = recognize(url)
            if board is not None:
                found.setdefault((board.kind, board.token.lower()), board)
    lowered = text.lower()
    for kind, word, setting in _SETTINGS:
        if word not in lowered:
            continue
        for match in setting.finditer(text):
            token = match.group(1)
            if kind in ATS and valid_token(kind, token) is None:
                found.setdefault((kind, token.lower()), AtsBoard(kind, token))
    return list(found.values())


def careers_site(text: str, url: str) -> CareersSite | None:
    """The page's own site when it is a Teamtailor career site on the company's domain (its markers, no
    ``*.teamtailor.com`` board named): crawled by its origin, the path being no part of a companies line."""
    if not _TEAMTAILOR_SITE.search(text):
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "teamtailor.com" or host.endswith(".teamtailor.com"):
        return None
    return CareersSite("teamtailor", f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}")


def detect(url: str, user_agent: str, timeout: float = 20.0) -> Detected:
    """The boards ``url`` is, or whose page embeds or links them."""
    result = Detected(url=url)
    board = recognize(url)
    if board is not None:
        result.boards, result.how = [board], "the URL itself"
        return result
    try:
        final, text = fetch_page(url, user_agent, timeout)
    except DetectError as exc:
        result.error = str(exc)
        return result
    boards: list[AtsBoard | CareersSite] = [*boards_in_page(text)]
    if not any(board.kind == "teamtailor" for board in boards):
        site = careers_site(text, final)
        if site is not None:
            boards.append(site)
    result.boards, result.how = boards, f"the page at {final}"
    return result


def _trusted(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        ip_address(host)
    except ValueError:
        return False
    return True


def _address(host: str, port: int, exempt: bool) -> str:
    """The address to connect to: checked, never internal unless ``exempt`` (the site given at that address)."""
    try:
        literal = ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        if is_internal(literal) and not exempt:
            raise DetectError(f"refused: {host} is a private address")
        return host
    if host == "localhost" and exempt:
        return "127.0.0.1"
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise DetectError(f"host not found: {host}") from None
    addresses = [str(answer[4][0]) for answer in answers]
    for found in addresses:
        if is_internal(ip_address(found.split("%", 1)[0])):
            raise DetectError(f"refused: {host} resolves to a private address ({found})")
    return addresses[0]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to an address that was checked, with the host name for SNI and the certificate."""

    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def fetch_page(url: str, user_agent: str, timeout: float = 20.0) -> tuple[str, str]:
    """GET a page (following redirects under the same rules); its final URL and text."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    start = urlsplit(text)
    exempt_origin = origin(text) if _trusted((start.hostname or "").lower()) else None
    for _ in range(_MAX_REDIRECTS + 1):
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise DetectError(f"not an http(s) URL: {text}")
        if parts.username or parts.password:
            raise DetectError("URLs with credentials are not fetched")
        host = parts.hostname.lower()
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _address(host, port, exempt=origin(text) == exempt_origin)
        connection: http.client.HTTPConnection = (
            _PinnedHTTPS(host, address, port, timeout)
            if parts.scheme == "https"
            else http.client.HTTPConnection(address, port, timeout=timeout)
        )
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {"User-Agent": user_agent, "Accept": "text/html,*/*", "Host": parts.netloc.rsplit("@", 1)[-1]}
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in (301, 302, 303, 307, 308) and location:
                text = urljoin(text, location)
                continue
            if response.status != 200:
                raise DetectError(f"{text} answered HTTP {response.status}")
            body = response.read(_MAX_BYTES + 1)
        except (OSError, http.client.HTTPException) as exc:
            raise DetectError(f"{text}: {exc}") from None
        finally:
            connection.close()
        if len(body) > _MAX_BYTES:
            raise DetectError(f"{text}: the page is larger than {_MAX_BYTES // 1048576} MB")
        charset = response.headers.get_content_charset() or "utf-8"
        return text, body.decode(charset, "replace")
    raise DetectError(f"more than {_MAX_REDIRECTS} redirects from {url}")
