"""``jobboard detect``: which ATS boards a careers URL is, or its page embeds or links, as companies-list lines.

A URL on an ATS's public hosts is recognized without fetching anything (``crawlers.sources.recognize``). Any
other URL is fetched once (its redirects followed, at most five) and its page searched for the boards it
embeds or links: Greenhouse's embed script (``boards.greenhouse.io/embed/job_board?for=...``), Lever, Ashby,
Workable, SmartRecruiters, Personio, Teamtailor and Recruitee links and scripts.

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
from urllib.parse import urljoin, urlsplit

from crawlers.companies import origin
from crawlers.errors import CrawlError
from crawlers.middlewares import is_internal
from crawlers.sources import AtsBoard, recognize

_MAX_BYTES = 4 * 1024 * 1024
_MAX_REDIRECTS = 5
_ATS_DOMAINS = (
    r"greenhouse\.io|lever\.co|ashbyhq\.com|workable\.com|smartrecruiters\.com|personio\.de|personio\.com"
    r"|teamtailor\.com|recruitee\.com"
)
# Any URL on an ATS's hosts, written out in the page (attributes, scripts, JSON): scheme-relative ones too.
_ATS_URL = re.compile(rf"(?:https?:)?(?:\\?/){{2}}(?:[a-z0-9-]+\.)*(?:{_ATS_DOMAINS})(?:[/?#][^\s\"'<>)\\]*)?", re.IGNORECASE)


class DetectError(CrawlError):
    """The page could not be fetched: refused, unreachable, or not answered with a page."""


@dataclass
class Detected:
    """What one URL gave: the boards found (in the order first seen) and how they were found."""

    url: str
    boards: list[AtsBoard] = field(default_factory=list)
    how: str = ""  # "the URL itself" or "its page (final URL)"
    error: str | None = None


def boards_in_page(text: str) -> list[AtsBoard]:
    """The ATS boards a page embeds or links, each once, in the order they first appear."""
    found: dict[tuple[str, str], AtsBoard] = {}
    for match in _ATS_URL.finditer(text):
        url = html.unescape(match.group(0)).replace("\\/", "/")
        if url.startswith("//"):
            url = "https:" + url
        board = recognize(url)
        if board is not None:
            found.setdefault((board.kind, board.token.lower()), board)
    return list(found.values())


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
    result.boards, result.how = boards_in_page(text), f"the page at {final}"
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
