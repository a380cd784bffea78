"""Boards of all eight ATS, rendered from the generator's postings in the shapes of ``tests/sources/<ats>/``.

One posting (``files.make_spec``) becomes one job of the company's ATS; a board is every answer a crawl of it
asks for (the listing, then each job's own answer where the ATS needs one: Workable, SmartRecruiters), keyed
by the path and query the spider asks, as served from one base URL (``JOBBOARD_<ATS>_API_BASE`` without
``{token}``: ATS that name the company in the host take it as the first path segment). Only new files use
this; ``files.board`` (Recruitee) stays byte for byte what it was.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bench.gen import files
from bench.gen.files import Spec
from bench.gen.world import Employer

KINDS: tuple[str, ...] = ("recruitee", "greenhouse", "lever", "ashby", "workable", "smartrecruiters", "personio", "teamtailor")
_TAG = re.compile(r"<[^>]+>")
_EMPLOYMENT = {  # per ATS: how it names full_time, part_time, contract, internship
    "ashby": ("FullTime", "PartTime", "Contract", "Intern"),
    "workable": ("full", "part", "contract", "internship"),
    "smartrecruiters": ("permanent", "part_time", "contract", "intern"),
    "personio": ("permanent", "permanent", "freelance", "intern"),
    "teamtailor": ("fulltime", "parttime", "contract", "internship"),
    "lever": ("Full-time", "Part-time", "Contract", "Internship"),
}
_KINDS_OF_WORK = ("full_time", "part_time", "contract", "internship")
_INTERVALS = {"lever": {"year": "per-year-salary", "month": "per-month-salary", "hour": "per-hour-wage"}}


@dataclass(frozen=True)
class Answer:
    """One response of a board: the path and query asked (POST for Workable's listing), its body and type."""

    path: str
    body: bytes
    content_type: str = "application/json"
    method: str = "GET"


def _json(path: str, data: object, method: str = "GET") -> Answer:
    return Answer(path, json.dumps(data, ensure_ascii=False).encode("utf-8"), method=method)


def _specs(company: Employer, offers: int, seed: int) -> list[tuple[Spec, random.Random]]:
    """The board's postings, each with the random stream that renders it; ids and slugs distinct on the board."""
    out = []
    for position in range(offers):
        rng = random.Random(f"jobboard-ats/{seed}/{company.name}/{position}")
        spec = files.make_spec(rng, position, company)
        out.append((replace(spec, offer_id=4_000_000 + position, slug=f"{spec.slug}-{position}"), rng))
    return out


def _html(spec: Spec, rng: random.Random, kinds: tuple[str, ...] | None = None) -> str:
    sections = [s for s in spec.sections if kinds is None or s.kind in kinds]
    return files._html(rng, sections, spec.skills)


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup)).strip()


def _place(spec: Spec) -> str:
    return f"{spec.city.english}, {spec.city.country.name}"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _employment(kind: str, spec: Spec) -> str:
    return _EMPLOYMENT[kind][_KINDS_OF_WORK.index(spec.employment)]


def _workplace(spec: Spec) -> str:
    return spec.workplace[0]


# ---------------------------------------------------------------- one job per ATS


def _greenhouse(spec: Spec, rng: random.Random, token: str) -> dict[str, Any]:
    metadata = None
    if spec.pay:
        metadata = [{"id": 9001, "name": "Salary Range", "value": spec.salary, "value_type": "short_text"}]
    return {
        "absolute_url": f"https://job-boards.greenhouse.io/{token}/jobs/{spec.offer_id}",
        "internal_job_id": spec.offer_id - 1_000_000,
        "location": {"name": _place(spec) + (" (Remote)" if _workplace(spec) == "remote" else "")},
        "metadata": metadata,
        "id": spec.offer_id,
        "updated_at": spec.posted.isoformat(timespec="seconds"),
        "requisition_id": f"REQ-{spec.offer_id % 1000}",
        "title": spec.title,
        "company_name": spec.company.name,
        "first_published": spec.posted.isoformat(timespec="seconds"),
        "content": html.escape(_html(spec, rng), quote=True),  # Greenhouse sends its HTML escaped
        "departments": [{"id": 201, "name": spec.family.key.title(), "child_ids": [], "parent_id": None}],
        "offices": [{"id": 101, "name": spec.city.english, "location": _place(spec), "child_ids": [], "parent_id": None}],
    }


def _lever(spec: Spec, rng: random.Random, token: str) -> dict[str, Any]:
    description = _html(spec, rng, ("about", "role", "resp", "stack", "how"))
    lists = [
        {"text": s.heading, "content": "".join(f"<li>{html.escape(b, quote=False)}</li>" for b in s.bullets)}
        for s in spec.sections
        if s.kind in ("req", "nice", "offer") and s.bullets
    ]
    uid = f"{spec.offer_id:08x}-0000-4000-8000-{spec.index:012x}"
    job: dict[str, Any] = {
        "additional": "",
        "additionalPlain": "",
        "categories": {
            "commitment": _employment("lever", spec),
            "department": spec.family.key.title(),
            "location": spec.city.english,
            "team": spec.family.key.title(),
            "allLocations": [spec.city.english],
        },
        "createdAt": int(spec.posted.timestamp() * 1000),
        "descriptionPlain": _plain(description),
        "description": description,
        "id": uid,
        "lists": lists,
        "text": spec.title,
        "country": spec.city.code,
        "workplaceType": {"onsite": "on-site"}.get(_workplace(spec), _workplace(spec)),
        "hostedUrl": f"https://jobs.lever.co/{token}/{uid}",
        "applyUrl": f"https://jobs.lever.co/{token}/{uid}/apply",
    }
    if spec.pay:
        job["salaryRange"] = {
            "currency": spec.pay.currency,
            "interval": _INTERVALS["lever"][spec.pay.period],
            "min": spec.pay.low,
            "max": spec.pay.high or spec.pay.low,
        }
    return job


def _ashby(spec: Spec, rng: random.Random, token: str) -> dict[str, Any]:
    description = _html(spec, rng)
    uid = f"{spec.offer_id:08x}-0000-4a4a-9b9b-{spec.index:012x}"
    address = {"addressLocality": spec.city.english, "addressRegion": spec.city.region, "addressCountry": spec.city.country.name}
    job: dict[str, Any] = {
        "id": uid,
        "title": spec.title,
        "department": spec.family.key.title(),
        "team": spec.family.key.title(),
        "employmentType": _employment("ashby", spec),
        "location": spec.city.english,
        "secondaryLocations": [],
        "publishedAt": spec.posted.isoformat(timespec="milliseconds"),
        "isListed": True,
        "isRemote": _workplace(spec) == "remote",
        "workplaceType": {"onsite": "OnSite"}.get(_workplace(spec), _workplace(spec).title()),
        "address": {"postalAddress": address},
        "jobUrl": f"https://jobs.ashbyhq.com/{token}/{uid}",
        "applyUrl": f"https://jobs.ashbyhq.com/{token}/{uid}/application",
        "descriptionHtml": description,
        "descriptionPlain": _plain(description),
        "shouldDisplayCompensationOnJobPostings": spec.pay is not None,
    }
    if spec.pay:
        interval = {"year": "1 YEAR", "month": "1 MONTH", "hour": "1 HOUR"}[spec.pay.period]
        component = {
            "id": f"c-Salary-{spec.pay.low}",
            "summary": spec.salary,
            "compensationType": "Salary",
            "interval": interval,
            "currencyCode": spec.pay.currency,
            "minValue": spec.pay.low,
            "maxValue": spec.pay.high,
        }
        job["compensation"] = {
            "compensationTierSummary": spec.salary,
            "compensationTiers": [{"id": "tier-1", "title": "Base", "components": [component]}],
            "summaryComponents": [component],
        }
    return job


def _workable_row(spec: Spec, rng: random.Random, token: str) -> dict[str, Any]:
    where = {
        "country": spec.city.country.name,
        "countryCode": spec.city.code,
        "city": spec.city.english,
        "region": spec.city.region,
    }
    return {
        "id": spec.offer_id,
        "shortcode": f"{spec.offer_id:X}{spec.index:04X}",
        "title": spec.title,
        "remote": _workplace(spec) == "remote",
        "location": where,
        "locations": [where],
        "state": "published",
        "isInternal": False,
        "code": "",
        "published": _when(spec.posted),
        "type": _employment("workable", spec),
        "language": spec.lang,
        "department": [spec.family.key.title()],
        "workplace": {"onsite": "on_site"}.get(_workplace(spec), _workplace(spec)),
    }


def _workable_job(spec: Spec, rng: random.Random, token: str) -> dict[str, Any]:
    return {
        **_workable_row(spec, rng, token),
        "description": _html(spec, rng, ("about", "role", "resp", "stack", "how", "process", "closing")),
        "requirements": _html(spec, rng, ("req", "nice")),
        "benefits": _html(spec, rng, ("offer",)),
        "isRemote": _workplace(spec) == "remote",
    }


def _smart_entry(spec: Spec, rng: random.Random, token: str) -> dict[str, Any]:
    fields = [{"fieldId": "f-salary", "fieldLabel": "Salary", "valueId": "v1", "valueLabel": spec.salary}] if spec.salary else []
    return {
        "id": str(744_000_000_000_000 + spec.offer_id),
        "name": spec.title,
        "uuid": f"{spec.offer_id:08x}-5001-4f5a-8b6c-{spec.index:012x}",
        "refNumber": f"REF{spec.offer_id}",
        "company": {"identifier": token, "name": spec.company.name},
        "releasedDate": _when(spec.posted),
        "location": {
            "city": spec.city.english,
            "region": spec.city.region,
            "country": spec.city.code.lower(),
            "remote": _workplace(spec) == "remote",
            "hybrid": _workplace(spec) == "hybrid",
            "fullLocation": _place(spec),
        },
        "department": {"id": "d-1", "label": spec.family.key.title()},
        "typeOfEmployment": {"id": _employment("smartrecruiters", spec), "label": spec.employment.replace("_", " ")},
        "experienceLevel": {"id": "mid_senior_level", "label": "Mid-Senior Level"},
        "customField": fields,
        "language": {"code": spec.lang, "label": spec.lang, "labelNative": spec.lang},
    }


def _smart_posting(spec: Spec, rng: random.Random, token: str) -> dict[str, Any]:
    entry = _smart_entry(spec, rng, token)
    url = f"https://jobs.smartrecruiters.com/{token}/{entry['id']}"
    sections = {
        "companyDescription": ("Company Description", ("about",)),
        "jobDescription": ("Job Description", ("role", "resp", "stack", "how")),
        "qualifications": ("Qualifications", ("req", "nice")),
        "additionalInformation": ("Additional Information", ("offer", "process", "closing")),
    }
    ad = {key: {"title": title, "text": _html(spec, rng, kinds)} for key, (title, kinds) in sections.items()}
    return {**entry, "active": True, "visibility": "PUBLIC", "postingUrl": url, "applyUrl": url, "jobAd": {"sections": ad}}


def _personio(spec: Spec, rng: random.Random, token: str) -> str:
    def cdata(markup: str) -> str:
        return "<![CDATA[" + markup.replace("]]>", "]]]]><![CDATA[>") + "]]>"

    descriptions = "".join(
        f"<jobDescription><name>{html.escape(s.heading or 'Details', quote=False)}</name>"
        f"<value>{cdata(files._html(rng, [replace(s, heading='')], spec.skills))}</value></jobDescription>"
        for s in spec.sections
    )
    return (
        f"<position><id>{spec.offer_id}</id><subcompany>{html.escape(spec.company.name, quote=False)}</subcompany>"
        f"<office>{html.escape(spec.city.english, quote=False)}</office><department>{spec.family.key.title()}</department>"
        f"<recruitingCategory>Engineering</recruitingCategory><name>{html.escape(spec.title, quote=False)}</name>"
        f"<jobDescriptions>{descriptions}</jobDescriptions><employmentType>{_employment('personio', spec)}</employmentType>"
        f"<schedule>{'part-time' if spec.employment == 'part_time' else 'full-time'}</schedule>"
        f"<keywords>{html.escape(','.join(spec.skills[:4]), quote=False)}</keywords>"
        f"<createdAt>{spec.posted.isoformat(timespec='seconds')}</createdAt></position>"
    )


def _teamtailor(spec: Spec, rng: random.Random, token: str) -> dict[str, Any]:
    url = f"https://{token}.teamtailor.com/jobs/{spec.offer_id}-{spec.slug}"
    pay = spec.pay
    return {
        "id": str(spec.offer_id),
        "type": "jobs",
        "links": {"careersite-job-url": url, "careersite-job-apply-url": f"{url}/applications/new"},
        "attributes": {
            "title": spec.title,
            "body": _html(spec, rng),
            "pitch": "",
            "status": "open",
            "remote-status": {"onsite": "none"}.get(_workplace(spec), _workplace(spec)),
            "employment-type": _employment("teamtailor", spec),
            "created-at": spec.posted.isoformat(timespec="milliseconds"),
            "language-code": spec.lang,
            "currency": pay.currency if pay else None,
            "min-salary": pay.low if pay else None,
            "max-salary": pay.high if pay else None,
            "salary-time-unit": {"year": "yearly", "month": "monthly", "hour": "hourly"}[pay.period] if pay else None,
        },
        "relationships": {"locations": {"data": [{"type": "locations", "id": str(spec.city.postal)}]}},
    }


def _team_location(spec: Spec) -> dict[str, Any]:
    attributes = {
        "name": spec.city.english,
        "city": spec.city.english,
        "country": spec.city.country.name,
        "zip": spec.city.postal,
    }
    return {"id": str(spec.city.postal), "type": "locations", "attributes": attributes}


# ---------------------------------------------------------------- boards

Render = Callable[[Spec, random.Random, str], Any]


def board(kind: str, company: Employer, token: str, offers: int, seed: int) -> list[Answer]:
    """Every answer a crawl of ``kind:token`` asks for, the listing first; ``offers`` jobs on one page."""
    specs = _specs(company, offers, seed)

    def each(render: Render) -> list[Any]:
        return [render(spec, rng, token) for spec, rng in specs]

    if kind == "recruitee":
        site = f"https://{token}.recruitee.com"
        return [_json(f"/{token}/api/offers/", {"offers": [files.offer(spec, rng, site) for spec, rng in specs]})]
    if kind == "greenhouse":
        return [_json(f"/v1/boards/{token}/jobs?content=true", {"jobs": each(_greenhouse), "meta": {"total": offers}})]
    if kind == "lever":
        return [_json(f"/v0/postings/{token}?mode=json", each(_lever))]
    if kind == "ashby":
        return [_json(f"/posting-api/job-board/{token}?includeCompensation=true", {"apiVersion": "1", "jobs": each(_ashby)})]
    if kind == "workable":
        rows, jobs = each(_workable_row), each(_workable_job)
        first = _json(f"/api/v3/accounts/{token}/jobs", {"total": offers, "results": rows}, method="POST")
        return [first, *(_json(f"/api/v2/accounts/{token}/jobs/{job['shortcode']}", job) for job in jobs)]
    if kind == "smartrecruiters":
        listing = {"offset": 0, "limit": 100, "totalFound": offers, "content": each(_smart_entry)}
        pages = [_json(f"/v1/companies/{token}/postings?offset=0&limit=100", listing)]
        return pages + [_json(f"/v1/companies/{token}/postings/{ad['id']}", ad) for ad in each(_smart_posting)]
    if kind == "personio":
        feed = '<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs>' + "".join(each(_personio)) + "</workzag-jobs>\n"
        return [Answer(f"/{token}/xml", feed.encode("utf-8"), "text/xml")]
    if kind == "teamtailor":
        included = list({spec.city.postal: _team_location(spec) for spec, _ in specs}.values())
        data = {"data": each(_teamtailor), "included": included, "meta": {"record-count": offers, "page-count": 1}, "links": {}}
        return [_json(f"/{token}/jobs.json", data)]
    raise ValueError(f"no renderer for ATS {kind!r}")


def mix(companies: int, employers: tuple[Employer, ...]) -> list[tuple[str, Employer, str]]:
    """``companies`` boards spread evenly over the eight ATS: (kind, employer, token), tokens distinct."""
    out = []
    for i in range(companies):
        employer = employers[i]
        out.append((KINDS[i % len(KINDS)], employer, f"{employer.slug.replace('-', '')[:40]}{i}"))
    return out
