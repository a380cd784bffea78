"""Which career sites to crawl: Recruitee slugs, Recruitee URLs or a company's own careers domain.

Every company gets a stable key, used for its folders (``data/postings/{key}``,
``data/raw/{key}``) and in reports: the slug for ``{slug}.recruitee.com``, the
host (and port) otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

from crawlers.errors import CompanyListError, InvalidCompany

RECRUITEE_DOMAIN = "recruitee.com"
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> str:
    """``scheme://host:port`` of a URL, the port always written out, so that two spellings of one site compare equal."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{parts.scheme}://{parts.hostname or ''}:{port or _DEFAULT_PORTS.get(parts.scheme, 0)}"


@dataclass(frozen=True, slots=True)
class CareerSite:
    """A companies-list entry as the crawler reaches it (the posting's employer is ``parsers.record.Company``)."""

    key: str
    base_url: str  # scheme://host[:port], no trailing slash
    spec: str  # what the user wrote

    @property
    def offers_url(self) -> str:
        return f"{self.base_url}/api/offers/"

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    @property
    def origins(self) -> frozenset[str]:
        """Where this company's requests may be redirected: its site as given (and its https upgrade, which
        many sites force) and, for a tenant, its Recruitee host."""
        parts = urlsplit(self.base_url)
        allowed = {origin(self.base_url)}
        if parts.scheme == "http" and parts.port in (None, 80):
            allowed.add(origin(f"https://{parts.hostname}"))
        tenant = f"{self.key}.{RECRUITEE_DOMAIN}"
        if parts.hostname == tenant:  # given as a slug or a Recruitee URL
            allowed.add(origin(f"https://{tenant}"))
        return frozenset(allowed)

    @property
    def given_at_address(self) -> bool:
        """Given as an IP address or ``localhost``: the operator chose that address, so it may be fetched even if private.

        A host name is never trusted this way: whoever runs its DNS could point it at an internal address.
        """
        host = urlsplit(self.base_url).hostname or ""
        if host == "localhost":
            return True
        try:
            ip_address(host)
        except ValueError:
            return False
        return True


def _valid_host(host: str) -> bool:
    if len(host) > 253 or ("." not in host and host != "localhost"):
        return False
    return all(_HOST_LABEL.match(label) for label in host.split("."))


def parse_company(spec: str) -> CareerSite:
    """A company from a slug, a Recruitee URL or any ``http(s)://host[:port]`` base URL (a path is ignored)."""
    raw = spec.strip()
    text = raw.lower()
    if not text:
        raise InvalidCompany(spec, "empty name")
    if _SLUG.match(text) and not text.isdigit():
        return CareerSite(key=text, base_url=f"https://{text}.{RECRUITEE_DOMAIN}", spec=raw)
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidCompany(spec, f"not a URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise InvalidCompany(spec, f"scheme {parts.scheme!r} is not http or https")
    host = parts.hostname or ""
    if parts.username or parts.password:
        raise InvalidCompany(spec, "URLs with credentials are not crawled")
    if not (_valid_host(host) or re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", host)):
        raise InvalidCompany(spec, "not a Recruitee slug (letters, digits, '-') nor a careers-site URL")
    netloc = f"{host}:{port}" if port else host
    base = f"{parts.scheme}://{netloc}"
    if host.endswith("." + RECRUITEE_DOMAIN) and host.count(".") == 2 and not port:
        key = host.split(".", 1)[0]
    else:
        key = f"{host}_{port}" if port else host
    return CareerSite(key=key, base_url=base, spec=raw)


def parse_companies(specs: Iterable[str]) -> tuple[list[CareerSite], list[InvalidCompany]]:
    """Valid companies (first spelling of each key wins) and the entries that were not understood."""
    companies: dict[str, CareerSite] = {}
    invalid: list[InvalidCompany] = []
    for spec in specs:
        try:
            company = parse_company(spec)
        except InvalidCompany as exc:
            invalid.append(exc)
            continue
        companies.setdefault(company.key, company)
    return list(companies.values()), invalid


def read_companies_file(path: str | Path) -> list[str]:
    """Entries of a companies file: one per line, ``#`` starts a comment, blank lines ignored."""
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CompanyListError(f"{target}: no such companies file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CompanyListError(f"{target}: cannot read companies file ({exc})") from None
    entries = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries
