"""Markdown with YAML (or JSON/TOML) frontmatter, as Recruitee-derived boards publish it.

Field names vary between boards, so each record field is looked up under the
common spellings; wrong types become None instead of failing the posting.
"""

from __future__ import annotations

import json
import re
from typing import Any

import frontmatter
import yaml

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from parsers import infer, values
from parsers.draft import Draft
from parsers.errors import ParseError
from parsers.record import WORKPLACES, Place, Salary, Workplace

_KINDS = ("frontmatter", "text", "recruitee", "jsonld")
EMPLOYMENT_TYPES = ("full_time", "part_time", "contract", "internship", "temporary")

_TITLE = ("title", "jobTitle", "job_title", "position", "role")
_COMPANY = ("companyName", "company_name", "company", "organization", "organisation", "hiringOrganization", "employer", "name")
_WEBSITE = ("companyWebsite", "company_website", "companyUrl", "company_url", "website")
_LOGO = ("logoUrl", "logo_url", "logo", "companyLogo", "company_logo")
_URL = ("url", "link", "jobUrl", "job_url", "permalink", "careers_url")
_APPLY = ("applyUrl", "apply_url", "applicationUrl", "application_url", "apply")
_LOCATION = ("location", "locations", "jobLocation", "job_location", "city")
_TAGS = ("hashtags", "tags", "skills", "keywords")
_DATE = ("timestamp", "posted_at", "postedAt", "datePosted", "date_posted", "published_at", "publishedAt", "date", "created_at")
_EMPLOYMENT = ("employmentType", "employment_type", "contract", "contractType", "type")
_NODE_ALLOWANCE = 10_000  # values any frontmatter may hold beyond one per character of its text


class _BoundedLoader(_SafeLoader):
    """The safe loader, refusing frontmatter whose aliases expand it far beyond its own size ("billion laughs").

    An alias shares its anchor's node, so composing stays cheap; the cost comes later, from whatever walks
    the values. The composed graph is therefore sized once, each alias counted at its anchor's full size,
    and refused when it exceeds what a file of this length could hold without aliases: a hostile file then
    costs what an honest one of its size does.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._budget = len(stream) + _NODE_ALLOWANCE
        self._may_alias = "*" in stream

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if self._may_alias:  # without an alias ("*name") nothing can expand: skip the walk
            _check_expansion(node, self._budget)
        return self.construct_document(node)


def _timestamp_or_text(loader: _BoundedLoader, node: yaml.ScalarNode) -> Any:
    """A date YAML recognises by its shape but that cannot exist ("2026-13-45", "2026-02-30T25:61") stays text, so
    the date reader drops it as it drops any unreadable date, instead of failing the whole posting."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def _check_expansion(root: yaml.Node, budget: int) -> None:
    """Raise ParseError when ``root`` expands to more than ``budget`` values, or an alias contains itself.

    Iterative, and each distinct node is sized once, so the check costs the size of the text, not of the expansion.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_sized = stack.pop()
        key = id(node)
        if children_sized:
            open_nodes.discard(key)
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > budget:
                raise ParseError(f"frontmatter uses too many YAML aliases (they expand it to over {budget:,} values)")
            sizes[key] = size
        elif key in open_nodes:
            raise ParseError("frontmatter has a YAML alias inside its own anchor")
        elif key not in sizes:
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _first(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


_JSON_DECODER = json.JSONDecoder()


def _split_json(text: str) -> tuple[dict[str, Any], str] | None:
    """JSON frontmatter as Hugo writes it: one ``{...}`` object, then the Markdown body.

    Read with the JSON decoder itself, so the closing brace may stand anywhere (CRLF line ends, trailing
    spaces, a body on the next line); None when the text does not open with a JSON object.
    """
    start = len(text) - len(text.lstrip("\ufeff \t\r\n"))
    if not text.startswith("{", start):
        return None
    try:
        meta, end = _JSON_DECODER.raw_decode(text, start)
    except (ValueError, RecursionError):
        return None
    if not isinstance(meta, dict):
        return None
    return {str(k): v for k, v in meta.items()}, text[end:].lstrip(" \t").lstrip("\r\n")


# The frontmatter boards write: one `name: "text"`, `name: 123`, `name: null` or `name: true` per line. For text in
# quotes with no escape, quote or character YAML refuses or folds (controls, line separators, byte-order marks),
# a decimal without leading zero (of at most 18 digits), and these three words, YAML's safe loader gives the str, int, None and bool
# read here; any other line (other spellings, comments, indentation, lists ...) sends the whole block to YAML.
_FLAT_LINE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]{0,99}): (?:"
    r'"([^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*)"'
    r"|(-?(?:0|[1-9][0-9]{0,17}))|(null|true|false))"
)
# Plain names that YAML 1.1 reads as something other than a string (booleans, null).
_NOT_STR_NAMES = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split())
_FLAT_WORDS: dict[str, Any] = {"null": None, "true": True, "false": False}


def _flat_yaml(head: str) -> dict[str, Any] | None:
    """The mapping of a flat block of simple lines, as YAML would load it, without YAML (several times faster);
    None when any line is not that simple."""
    meta: dict[str, Any] = {}
    for line in head.split("\n"):
        if not line:
            continue
        match = _FLAT_LINE.fullmatch(line)
        if match is None:
            return None
        name, quoted, number, word = match.groups()
        if name in _NOT_STR_NAMES:
            return None
        meta[name] = quoted if quoted is not None else int(number) if number is not None else _FLAT_WORDS[word]
    return meta or None


def split(text: str) -> tuple[dict[str, Any], str]:
    """Metadata and body; raises ParseError on frontmatter that does not parse."""
    json_parts = _split_json(text)
    if json_parts is not None:
        return json_parts
    handler = frontmatter.detect_format(text, frontmatter.handlers)
    if handler is None:
        return {}, text
    try:
        head, body = handler.split(text)
    except ValueError:  # an opening fence without a closing one: plain Markdown
        return {}, text
    try:
        if isinstance(handler, frontmatter.YAMLHandler):
            meta = _flat_yaml(head)
            if meta is None:
                meta = handler.load(head, Loader=_BoundedLoader)
        else:
            meta = handler.load(head)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ParseError(f"invalid YAML frontmatter{where}: {problem}") from None
    except (ValueError, TypeError) as exc:  # JSON/TOML handlers
        raise ParseError(f"invalid frontmatter: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        raise ParseError("frontmatter is not a mapping of field names to values")
    return {str(k): v for k, v in meta.items()}, body


def parse(text: str) -> list[Draft]:
    return from_parts(*split(text))


def from_parts(meta: dict[str, Any], body: str) -> list[Draft]:
    if not meta and not body.strip():
        raise ParseError("frontmatter and body are both empty")
    kind = meta.get("source")
    # A stored copy keeps the kind of its origin (the crawler writes "recruitee" postings as frontmatter).
    draft = Draft(kind=kind if kind in _KINDS else "frontmatter", description=body.strip())
    draft.title = values.text(_first(meta, _TITLE))

    company = _first(meta, _COMPANY)
    if isinstance(company, dict):
        draft.company_name = values.text(company.get("name"))
        draft.company_website = values.url(company.get("website") or company.get("url") or company.get("sameAs"))
        draft.logo_url = values.url(company.get("logo") or company.get("logo_url"))
    else:
        draft.company_name = values.text(company)
    # Boards glue the company onto the title ("Analytics Engineer — Acme"); the record keeps them apart.
    draft.title = infer.strip_company(draft.title, draft.company_name)
    draft.company_website = draft.company_website or values.url(_first(meta, _WEBSITE))
    draft.logo_url = draft.logo_url or values.url(_first(meta, _LOGO))
    draft.url = values.url(_first(meta, _URL))
    draft.apply_url = values.url(_first(meta, _APPLY))
    draft.host = values.host_of(meta.get("host")) or values.host_of(draft.url)

    location = _first(meta, _LOCATION)
    if isinstance(location, list):
        draft.location_raw = "; ".join(s for s in (values.text(x) for x in location) if s) or None
    elif isinstance(location, dict):
        draft.location_raw = (
            ", ".join(s for s in (values.text(location.get(k)) for k in ("city", "region", "state", "country")) if s) or None
        )
    else:
        draft.location_raw = values.text(location)

    flags: list[Workplace] = []
    for kind, keys in (
        ("remote", ("remote", "isRemote", "is_remote")),
        ("hybrid", ("hybrid",)),
        ("onsite", ("on_site", "onsite", "onSite")),
    ):
        if any(values.boolean(meta.get(k)) for k in keys):
            flags.append(kind)  # type: ignore[arg-type]
    listed = meta.get("workplace")
    for value in listed if isinstance(listed, list) else [listed]:
        key = (values.text(value) or "").lower().replace("-", "").replace("_", "").replace(" ", "")  # "on-site" is onsite
        if key in WORKPLACES and key not in flags:
            flags.append(key)
    draft.workplace = [w for w in WORKPLACES if w in flags] or None
    draft.remote_scope = values.text(meta.get("remoteScope") or meta.get("remote_scope"))
    draft.places = _places(meta.get("places"))

    draft.hashtags = values.tag_list(_first(meta, _TAGS))
    draft.job_type = values.text(meta.get("jobType") or meta.get("job_type") or meta.get("category"))
    employment = values.text(_first(meta, _EMPLOYMENT))
    if employment in EMPLOYMENT_TYPES:
        draft.employment_type = employment  # type: ignore[assignment]
    else:
        draft.employment_type = infer.employment_type(employment) if employment else None
    draft.experience_years = values.integer(_first(meta, ("experienceYears", "experience_years")))  # 0 is kept
    draft.seniority = infer.seniority_code(meta.get("seniority") or meta.get("experience_code"))
    draft.salary = _salary(meta)
    draft.language = _language(meta.get("language") or meta.get("lang"))
    draft.summary = values.text(meta.get("summary") or meta.get("excerpt") or meta.get("summaryBackup"))
    draft.posted_at = values.timestamp(_first(meta, _DATE))
    draft.archived = bool(values.boolean(meta.get("archived")))
    draft.featured = values.integer(meta.get("featured"))
    return [draft]


def _places(raw: object) -> list[Place]:
    """Explicit places: a list of {city, region, country_code} mappings; malformed entries are skipped."""
    places: list[Place] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        code = values.text(item.get("country_code") or item.get("countryCode"))
        code = code.upper() if code and len(code) == 2 and code.isalpha() else None
        place = Place(city=values.text(item.get("city")), region=values.text(item.get("region")), country_code=code)
        if (place.city or place.country_code) and place not in places:
            places.append(place)
    return places


def _salary(meta: dict[str, Any]) -> Salary | None:
    raw = meta.get("salary")
    if isinstance(raw, dict):
        return infer.salary_from_fields(raw.get("min"), raw.get("max"), raw.get("currency"), raw.get("period"))
    if isinstance(raw, str):
        return infer.salary_from_text(raw if "salary" in raw.lower() else f"salary {raw}")
    return infer.salary_from_fields(
        meta.get("salaryMin") or meta.get("salary_min"),
        meta.get("salaryMax") or meta.get("salary_max"),
        meta.get("salaryCurrency") or meta.get("salary_currency"),
        meta.get("salaryPeriod") or meta.get("salary_period"),
    )


def _language(raw: object) -> str | None:
    code = values.text(raw)
    if code and len(code) >= 2 and code[:2].isalpha() and (len(code) == 2 or code[2] in "-_"):
        return code[:2].lower()
    return None
