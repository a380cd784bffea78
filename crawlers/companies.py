"""Which boards to crawl: ``ATS:TOKEN``, a URL on an ATS's public hosts, a Recruitee slug, or a careers domain.

Every company gets a stable key, used for its folders (``data/postings/{key}``,
``data/raw/{key}``) and in reports: the slug for ``{slug}.recruitee.com``,
``{ats}-{token}`` for the other ATS (``greenhouse-stripe``), the host (and port)
of any other careers site. Keys never depend on where an ATS is reached from
(``JOBBOARD_<ATS>_API_BASE``), so pointing it at a mirror moves no folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

from crawlers.errors import CompanyListError, InvalidCompany
from crawlers.sources import ATS, api_root, board_key, recognize, valid_token

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
    base_url: str  # scheme://host[:port], no trailing slash: the origin every request of the company goes to
    spec: str  # what the user wrote
    ats: str = "recruitee"  # which spider reads it (crawlers.sources.ATS); a careers site is read as Recruitee's
    token: str = ""  # the company on its ATS (empty for a careers site given by URL)
    root: str = ""  # where its endpoints start: base_url plus the token's path when the ATS is reached that way
    region: str | None = None  # the ATS's other public host it is on (Lever's EU, Personio's .com)

    @property
    def public_root(self) -> str:
        """Where the board answers publicly, whatever the API base setting says: what its job links are made from."""
        return api_root(self.ats, self.token, None, self.region) if self.token else self.base_url

    @property
    def api(self) -> str:
        return self.root or self.base_url

    @property
    def offers_url(self) -> str:
        return f"{self.api}/api/offers/"

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    @property
    def origins(self) -> frozenset[str]:
        """Where this company's requests may be redirected: its site as given (and its https upgrade, which
        many sites force), for a tenant its Recruitee host, and for a board on an ATS's public hosts the same
        token on the ATS's other public hosts (``acme.teamtailor.com`` moving to ``acme.career.teamtailor.com``,
        a Personio board from ``.de`` to ``.com``)."""
        parts = urlsplit(self.base_url)
        allowed = {origin(self.base_url)}
        if self.token:
            public = {api_root(self.ats, self.token, None, region) for region in (None, *ATS[self.ats].regions)}
            if self.root in public:  # not a mirror or a test server given by the API base setting
                allowed.update(origin(root) for root in public)
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


def ats_company(
    kind: str, token: str, spec: str, bases: Mapping[str, str] | None = None, region: str | None = None
) -> CareerSite:
    """A company on an ATS, reached where ``bases`` (``Settings.api_bases()``; default: the public origins) say."""
    if ATS[kind].token_in_host:
        token = token.lower()  # a host name label
    why = valid_token(kind, token)
    if why is not None:
        raise InvalidCompany(spec, f"not a {ATS[kind].label} board name ({why})")
    root = api_root(kind, token, bases, region)
    parts = urlsplit(root)
    base = f"{parts.scheme}://{parts.netloc}"
    return CareerSite(board_key(kind, token), base, spec, ats=kind, token=token, root=root, region=region)


def parse_company(spec: str, bases: Mapping[str, str] | None = None) -> CareerSite:
    """A company from ``ATS:TOKEN``, an ATS board URL, a slug, a Recruitee URL or any ``http(s)://host[:port]``
    careers-site URL (a path is ignored)."""
    raw = spec.strip()
    text = raw.lower()
    if not text:
        raise InvalidCompany(spec, "empty name")
    kind, colon, token = raw.partition(":")
    if colon and kind.lower() in ATS and not token.startswith("//"):
        return ats_company(kind.lower(), token.strip(), raw, bases)
    if colon and _SLUG.match(kind.lower()) and token and not token.startswith("//") and not token.split("/")[0].isdigit():
        # "nosuchats:token": a name before the colon that is neither a known ATS nor a URL scheme with a port
        raise InvalidCompany(spec, f"unknown ATS {kind!r} (known: {', '.join(ATS)})")
    if _SLUG.match(text) and not text.isdigit():
        return ats_company("recruitee", text, raw, bases)
    board = recognize(raw) if "." in text else None
    if board is not None and board.kind != "recruitee":  # a Recruitee URL stays a careers site, as it always was
        return ats_company(board.kind, board.token, raw, bases, board.region)
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


def parse_companies(
    specs: Iterable[str], bases: Mapping[str, str] | None = None
) -> tuple[list[CareerSite], list[InvalidCompany]]:
    """Valid companies (first spelling of each key wins) and the entries that were not understood."""
    companies: dict[str, CareerSite] = {}
    invalid: list[InvalidCompany] = []
    for spec in specs:
        try:
            company = parse_company(spec, bases)
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
