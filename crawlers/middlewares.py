"""Downloader middlewares: retries that wait before asking again, and a crawler that cannot be turned inwards.

Scrapy's own retry middleware re-queues at once; a career site answering 429
or 503 is better served by waiting: ``Retry-After`` when the server says how
long, else an exponential backoff (2, 4, 8 s by default).

The career sites are other people's servers: a redirect or a DNS answer must
not make the crawler fetch (and then store and publish) pages of the network
it runs in. Redirects stay on the company's own site, and no request goes to a
private, loopback, link-local or otherwise internal address unless the company
itself was given at that address.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network
from typing import TYPE_CHECKING, Any, cast

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.internet.interfaces import IAddress, IHostResolution, IResolutionReceiver
from zope.interface import implementer

from crawlers.companies import CareerSite, origin

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

IPAddress = IPv4Address | IPv6Address
# Special-purpose blocks the stdlib counts as global: IETF protocol assignments (Oracle Cloud's metadata
# service answers at 192.0.0.192).
_ALSO_INTERNAL = (ip_network("192.0.0.0/24"),)
_NAT64 = ip_network("64:ff9b::/96")


class Refused(IgnoreRequest):
    """A request the crawler will not send: the message says why, in words for the run report."""


class OffSiteRedirect(Refused):
    """A redirect away from the company's own site; ``target`` is where it pointed."""

    def __init__(self, url: str, target: str) -> None:
        super().__init__(f"refused: {url} redirected to {target}, off the company's site")
        self.target = target


class TooManyRedirects(IgnoreRequest):
    """More redirects in a row than ``REDIRECT_MAX_TIMES``: a loop, most likely."""


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; None if absent or unreadable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Retry 429/5xx and network errors after a pause; give up when the server asks for a longer one than we allow."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base_delay = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.max_delay = settings.getfloat("RETRY_BACKOFF_MAX", 300.0)
        if self.base_delay < 0 or self.max_delay < 0:
            raise NotConfigured("negative retry delays")

    def backoff(self, request: Request) -> float:
        attempt = int(request.meta.get("retry_times", 0))
        return float(min(self.max_delay, self.base_delay * (2**attempt)))

    async def process_response(self, request: Request, response: Response, spider: object = None) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        attempts = int(request.meta.get("retry_times", 0))
        if attempts >= int(request.meta.get("max_retry_times", self.max_retry_times)):
            return self.retry(request, f"HTTP {response.status}") or response  # counts the give-up in the stats
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.max_delay:
            request.meta["retry_gave_up"] = (
                f"the server asked to wait {wait:.0f} s (Retry-After), longer than {self.max_delay:.0f} s"
            )
            return response
        delay = self.backoff(request) if wait is None else wait
        logger.info("HTTP %s from %s; retrying in %.1f s", response.status, request.url, delay)
        await asyncio.sleep(delay)
        return self.retry(request, f"HTTP {response.status}") or response

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: object = None
    ) -> Request | Response | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        attempts = int(request.meta.get("retry_times", 0))
        if attempts < int(request.meta.get("max_retry_times", self.max_retry_times)):
            await asyncio.sleep(self.backoff(request))
        return self.retry(request, exception)

    def retry(self, request: Request, reason: str | Exception) -> Request | None:
        """The next attempt, or None once the retries are spent (logged and counted in the stats either way)."""
        spider = self.crawler.spider
        if spider is None:  # a downloader middleware only sees requests of a running spider
            raise RuntimeError("no spider to retry a request for")
        return get_retry_request(
            request,
            spider=spider,
            reason=reason,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=request.meta.get("give_up_log_level", self.give_up_log_level),
        )


def is_internal(address: IPAddress) -> bool:
    """Whether an address belongs to some network's inside rather than the internet: private, loopback,
    link-local (cloud metadata at 169.254.169.254), unique-local (fd00:ec2::254), shared, multicast, reserved,
    unspecified, or an IPv6 form wrapping such an IPv4 address."""
    if isinstance(address, IPv6Address):
        teredo = address.teredo
        embedded = address.ipv4_mapped or address.sixtofour or (teredo[1] if teredo else None)
        if embedded is None and address in _NAT64:
            embedded = IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and is_internal(embedded):
            return True
    return (
        not address.is_global
        or address.is_multicast
        or address.is_reserved
        or any(address in network for network in _ALSO_INTERNAL)
    )


@implementer(IResolutionReceiver)
class _Addresses:
    """Collects the answers of a Twisted host-name resolution into a Deferred list."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.done: Deferred[list[str]] = Deferred()

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        pass

    def addressResolved(self, address: IAddress) -> None:
        self.found.append(str(getattr(address, "host", "")))

    def resolutionComplete(self) -> None:
        self.done.callback(self.found)


class AddressGuardMiddleware:
    """Refuse requests to internal addresses before any connection, except to a company's own site when it was
    given at such an address (``http://127.0.0.1:8080`` may be fetched at 127.0.0.1:8080, and only there).

    Host names are resolved with the reactor's resolver, the one the download then connects with; Scrapy's
    default resolver keeps every answer in its DNS cache for the whole crawl, so the address checked here is
    the address connected to. Residual risk: with ``DNSCACHE_ENABLED`` off, an answer evicted from a full cache
    (``DNSCACHE_SIZE``) or another ``TWISTED_DNS_RESOLVER``, the download resolves again and a rebinding DNS
    server could answer differently the second time; behind an HTTP proxy the proxy resolves, unchecked.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._targets: tuple[object, frozenset[str]] | None = None  # the crawl's companies, their exempt origins

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ADDRESS_GUARD_ENABLED", True):
            raise NotConfigured("ADDRESS_GUARD_ENABLED is off")
        return cls(crawler)

    def _own_site(self, request: Request) -> bool:
        """Whether the request is, and always was, at its company's own site given at an address.

        A request without a company is a robots.txt, asked for the site of a company request that passed here;
        one that a redirect brought from elsewhere is checked like any other.
        """
        company: CareerSite | None = request.meta.get("company")
        if company is not None:
            exempt = frozenset({origin(company.base_url)} if company.given_at_address else ())
        else:
            exempt = self._exempt_targets()
        visited = {origin(url) for url in (*request.meta.get("redirect_urls", ()), request.url)}
        return len(visited) == 1 and visited <= exempt

    def _exempt_targets(self) -> frozenset[str]:
        """The origins of every company of the crawl given at an address, worked out once per list (not once per
        robots.txt: that made a crawl quadratic in its companies)."""
        targets = getattr(self.crawler.spider, "targets", [])
        if self._targets is None or self._targets[0] is not targets:
            self._targets = (targets, frozenset(origin(one.base_url) for one in targets if one.given_at_address))
        return self._targets[1]

    async def process_request(self, request: Request) -> None:
        if self._own_site(request):
            return
        host = urlparse_cached(request).hostname or ""
        try:
            literal: IPAddress | None = ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            if is_internal(literal):
                raise Refused(f"refused: {host} is a private address")
            return
        for found in await self._resolve(host):
            try:
                address: IPAddress = ip_address(found)
            except ValueError:
                raise Refused(f"refused: {host} resolves to {found!r}, not an address") from None
            if is_internal(address):
                raise Refused(f"refused: {host} resolves to a private address ({address})")
        # No answer at all: the download itself reports the host as not found.

    async def _resolve(self, host: str) -> list[str]:
        from twisted.internet import reactor

        receiver = _Addresses()
        # IReactorPluggableNameResolver.nameResolver; zope interfaces confuse mypy about the method's arguments.
        resolver: Any = cast(Any, reactor).nameResolver
        resolver.resolveHostName(receiver, host)
        return await maybe_deferred_to_future(receiver.done)


class OnSiteRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, followed only within the company's own site (scheme, host and port as given, or its https upgrade) or its
    Recruitee host; a redirect elsewhere fails the request before anything is sent there.

    Requests without a company are robots.txt files, whose redirects RFC 9309 asks crawlers to follow across
    hosts: they are, and ``AddressGuardMiddleware`` still checks every hop. A robots.txt is only read for its rules.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            followed = super().process_response(request, response)
        except IgnoreRequest as exc:  # the only reason Scrapy's middleware gives up
            raise TooManyRedirects(f"more than {self.max_redirect_times} redirects (a loop?) ending at {request.url}") from exc
        company: CareerSite | None = request.meta.get("company")
        if isinstance(followed, Request) and company is not None and origin(followed.url) not in company.origins:
            raise OffSiteRedirect(request.url, followed.url)
        return followed
