"""Postings rendered in the four input formats (frontmatter ``.md``, plain ``.txt``, Recruitee ``.json``, JSON-LD
``.html``) and whole Recruitee boards, from the one world. ``posting(index, seed, fmt)`` is pure: file ``index`` does not
depend on how many are made; bench/README.md describes each format."""

from __future__ import annotations

import dataclasses
import html
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from bench.gen import text, world
from bench.gen.text import Section
from bench.gen.world import CITIES, FAMILIES, SENIORITY, City, Employer, Family, Pay, a_or_an, slugify
from parsers.record import EmploymentType, Seniority, Workplace

FORMATS: tuple[str, ...] = ("frontmatter", "text", "recruitee", "jsonld")
SUFFIXES: dict[str, str] = {"frontmatter": ".md", "text": ".txt", "recruitee": ".json", "jsonld": ".html"}
_NAME = re.compile(r"^\d+-([a-z]+)\.")
_COMPANIES = 60  # the companies files are drawn from (the first ones of world.employers for the seed)


@dataclass(frozen=True)
class Spec:
    """What one posting says, before it is rendered in one of the formats."""

    index: int
    lang: str
    title: str
    role: str  # the title without seniority or gender marks, used in sentences
    family: Family
    prefix: str  # the seniority as the title writes it ("Senior", "Werkstudent"), or ""
    level: Seniority | None
    company: Employer
    city: City
    workplace: list[Workplace]  # the main one first
    scope: str | None  # where remote applicants may live, as the text says it
    skills: list[str]  # as the posting spells them, the one the title names first
    years: int
    employment: EmploymentType  # full_time, part_time, contract or internship
    pay: Pay | None
    salary: str | None  # the pay as the posting words it
    posted: datetime
    archived: bool
    featured: int
    offer_id: int
    slug: str
    sections: list[Section]


_GENDER_MARKS = (("", 70), ("(m/w/d)", 10), ("(f/m/d)", 8), ("(all genders)", 4), ("(w/m/d)", 4), ("(m/f/x)", 4))
_TITLE_SKILL = {"ios": "Swift", "android": "Kotlin", "django": "Django", "laravel": "PHP"}
_FRENCH_TITLES = {
    "backend": "Développeur Backend",
    "frontend": "Développeur Frontend",
    "fullstack": "Développeur Full Stack",
    "data": "Data Engineer",
    "devops": "Ingénieur DevOps",
}
_LANG_NAMES = {"en": "English", "de": "German", "fr": "French", "nl": "Dutch"}


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _scope_for(rng: random.Random, city: City) -> str:
    """Where remote applicants may live, consistent with where the company sits."""
    if city.code == "US":
        return rng.choice(("the United States", "the US", "North America", "the Americas"))
    if city.code == "CA":
        return rng.choice(("Canada", "North America"))
    if city.code == "GB":
        return rng.choice(("the UK", "Europe", "EMEA"))
    if city.code == "CH":
        return rng.choice(("Switzerland", "Europe"))
    return rng.choice(("the EU", "Europe", city.country.name, city.country.name, "EMEA", "CET ±2 hours"))


def _title(rng: random.Random, family: Family, lang: str) -> tuple[str, str, str, Seniority | None]:
    """The title, the role it names, the seniority prefix it shows and the level; localized and marked as boards do."""
    core, prefix, level = world.draw_role(rng, family)
    if lang == "de" and family.key in ("backend", "frontend", "fullstack") and rng.random() < 0.5:
        core = core.replace("Developer", "Entwickler").replace("Engineer", "Entwickler")
        core = re.sub(r"^(Backend|Frontend|Full Stack|Fullstack) ", r"\1-", core)
    if lang == "fr" and rng.random() < 0.5:
        core = _FRENCH_TITLES.get(family.key, core)
    if prefix == "Intern" and lang == "de":
        prefix = "Werkstudent"
        title = f"{prefix} {core}"
    elif lang == "fr" and prefix == "Senior" and core.startswith("Développeur"):
        title = f"{core} Senior"
    else:
        title = world.title_of(core, prefix)
    mark = _weighted(rng, _GENDER_MARKS)
    if lang == "de" and not mark:
        mark = "(m/w/d)"
    if lang == "fr" and not mark and rng.random() < 0.6:
        mark = "(H/F)"
    if mark:
        title = f"{title} {mark}"
    return title, re.sub(r"\s*\([^)]*\)$", "", core), prefix, level


def make_spec(rng: random.Random, index: int, company: Employer) -> Spec:
    """One posting of ``company``, mostly in its home city."""
    city = company.city if rng.random() < 0.6 else world.draw_city(rng)
    family = world.draw_family(rng, company.families)
    lang = world.draw_language(rng, city)
    title, role, prefix, level = _title(rng, family, lang)
    years = max(1, world.YEARS[level or "mid"] + rng.choice((0, 0, 1, 2)))
    workplace = world.draw_workplace(rng)
    scope = _scope_for(rng, city) if "remote" in workplace else None
    employment = world.draw_employment(rng, level) or "full_time"
    # The skill a title names comes first ("Go Engineer" writes Go), then one or two more core ones, then tools.
    lowered = role.lower()
    named = [c for c in family.core if re.search(rf"(?<![\w.]){re.escape(c.lower())}(?![\w])", lowered)]
    named += [v for k, v in _TITLE_SKILL.items() if k in lowered and v not in named]
    rest = [c for c in family.core if c not in named]
    skills = named[:2] + rng.sample(rest, k=min(len(rest), rng.randint(1, 3) - min(len(named), 1)))
    skills += rng.sample(family.tools, k=min(len(family.tools), rng.randint(3, 6)))
    if rng.random() < 0.4:
        extra = rng.choice(("Docker", "Git", "AWS", "Linux", "SQL", "CI/CD", "Kubernetes", "REST", "Terraform"))
        if extra not in skills:
            skills.append(extra)
    pay = world.draw_pay(rng, city.currency, employment) if rng.random() < (0.7 if city.code == "US" else 0.35) else None
    salary = world.pay_text(pay, rng, lang) if pay else None
    filled = text.slots(rng, lang, company, city, family, skills, role, years, text.scope_words(scope, city, lang), salary or "")
    return Spec(
        index=index,
        lang=lang,
        title=title,
        role=role,
        family=family,
        prefix=prefix,
        level=level,
        company=company,
        city=city,
        workplace=workplace,
        scope=scope,
        skills=skills,
        years=years,
        employment=employment,
        pay=pay,
        salary=salary,
        posted=world.draw_posted(rng),
        archived=rng.random() < 0.12,
        featured=rng.randint(0, 12),
        offer_id=rng.randint(1_000_000, 2_600_000),
        slug=slugify(f"{title} {city.english}"),
        sections=text.sections(rng, lang, family, workplace[0], filled, rng.randint(2000, 4600)),
    )


# ---------------------------------------------------------------- renderers


def _html(rng: random.Random, sections: list[Section], skills: list[str]) -> str:
    strong_headings = rng.random() < 0.3
    parts: list[str] = []
    for section in sections:
        heading = html.escape(section.heading, quote=False)
        if heading:
            parts.append(f"<p><strong>{heading}</strong></p>" if strong_headings else f"<h2>{heading}</h2>")
        for para in section.paragraphs:
            parts.append(f"<p>{_emphasize(html.escape(para, quote=False), skills, rng)}</p>")
        if section.bullets:
            items = "".join(f"<li>{_emphasize(html.escape(b, quote=False), skills, rng)}</li>" for b in section.bullets)
            parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def _emphasize(line: str, skills: list[str], rng: random.Random) -> str:
    """Bold the first skill named in a line now and then, as recruiters do."""
    if rng.random() < 0.7:
        return line
    for skill in skills:
        escaped = html.escape(skill, quote=False)
        if escaped in line:
            return line.replace(escaped, f"<strong>{escaped}</strong>", 1)
    return line


def _location_label(spec: Spec, rng: random.Random) -> str:
    city = spec.city
    name = city.english
    base = f"{name}, {city.region}" if city.region else rng.choice((f"{name}, {city.country.name}", name))
    if spec.workplace[0] == "remote":
        return rng.choice(("Remote", "Remote job", f"Remote ({spec.scope})", f"{base} or Remote", f"Remote - {spec.scope}"))
    if spec.workplace[0] == "hybrid":
        return rng.choice((f"{base} (Hybrid)", f"Hybrid - {name}", base))
    return base


def _hashtags(spec: Spec, rng: random.Random) -> str:
    tags = [s.lower().replace(" ", "") for s in spec.skills[: rng.randint(3, 6)]]
    tags += rng.sample(world.SOFT_SKILLS, k=rng.randint(0, 2))
    tags.append(_LANG_NAMES[spec.lang])
    return ",".join("#" + t for t in tags)


def render_frontmatter(spec: Spec, rng: random.Random) -> str:
    company = spec.company
    host = f"https://{company.slug}.recruitee.com/" if rng.random() < 0.7 else f"https://jobs.{company.domain}/"
    url = f"{host}o/{spec.slug}"
    top = ", ".join(f"#{s.lower().replace(' ', '')}" for s in spec.skills[:3])
    summary = rng.choice(
        (
            f"If you have {spec.years}+ years of experience with {spec.skills[0]}, consider applying to {company.name}'s job post for a new {spec.role}.",
            f"{company.name} is searching for {a_or_an(spec.title)} that has {spec.years}+ years of experience.",
            f"{company.name} is hiring {a_or_an(spec.role)} in {spec.city.english}: {spec.skills[0]}, {spec.skills[1 % len(spec.skills)]} and a great team.",
        )
    )
    fields: list[tuple[str, object]] = [
        ("title", spec.title),
        ("location", _location_label(spec, rng)),
        ("host", host),
        ("companyName", company.name),
        ("url", url),
        ("applyUrl", f"{url}/c/new"),
        ("timestamp", int(spec.posted.replace(hour=0, minute=0, second=0).timestamp()) * 1000),
        ("hashtags", _hashtags(spec, rng)),
        ("jobType", "software" if spec.family.key not in ("product", "design") else spec.family.key),
        ("logoUrl", f"https://jobboard-logos-bucket.s3.eu-central-1.amazonaws.com/{company.slug}"),
        ("companyWebsite", f"https://www.{company.domain}/"),
        ("summary", summary),
        ("summaryBackup", f"Love {top}? Check out this job post!"),
        ("featured", spec.featured),
    ]
    if spec.archived:
        fields.append(("archived", "true"))
    lines = ["---"]
    for key, value in fields:
        lines.append(f"{key}: {value}" if isinstance(value, int) else f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines += ["---", "", "## Job description", "", text.markdown(rng, spec.sections)]
    return "\n".join(lines)


def render_text(spec: Spec, rng: random.Random) -> str:
    style = rng.choices(("labels", "heading", "flat", "about"), weights=(35, 35, 15, 15))[0]
    location = _location_label(spec, rng)
    job_type = {"full_time": "Full-Time", "part_time": "Part-Time", "contract": "Contract", "internship": "Internship"}[
        spec.employment
    ]
    money = spec.salary
    sections = spec.sections
    if style == "about":  # the copy starts with "About <company>" itself
        sections = [dataclasses.replace(s, heading="") if s.kind == "about" else s for s in sections]
    body = text.markdown(rng, sections)
    # Plain-text postings are shorter than the boards' ones: 2-4 KB, cut at a line end.
    limit = rng.randint(2100, 3800)
    if len(body) > limit:
        body = body[: body.rfind("\n", 0, limit)].rstrip() + "\n"
    if style == "labels":
        head = [f"Job Title: {spec.title}", f"Company: {spec.company.name}", f"Location: {location}", f"Job Type: {job_type}"]
        if money:
            head.append(f"Salary: {money}")
        return "\n".join(head) + "\n\n" + body.replace("## ", "").replace("**", "")
    if style == "heading":
        tail = ["---", "", f"**Location:** {location}  ", f"**Employment Type:** {job_type}  "]
        if spec.prefix:
            tail.append(f"**Experience Level:** {spec.prefix} ({spec.years}+ years)  ")
        if money:
            tail.append(f"**Salary Range:** {money}" + (" + equity" if rng.random() < 0.3 else ""))
        return f"# {spec.title}\n\n{body}\n" + "\n".join(tail) + "\n"
    if style == "flat":
        flat = re.sub(r"^(?:## |\*\*|[-*•] +)", "", body, flags=re.M).replace("**", "")
        flat = re.sub(r"\s*\n\s*", " ", flat).strip()
        lead = f"Job Title: {spec.title} Location: {location} Job Type: {job_type} "
        return lead + flat + (f" Salary: {money}." if money else "")
    # "about": a copy from a job site, where the title only shows up in the prose.
    sentence = rng.choice(
        (
            f"We are looking for an autonomous hands-on {spec.title} who brings our system to the next level.",
            f"We're hiring {a_or_an(spec.title)} to join our {rng.choice(text.TEAMS)} team in {spec.city.english}.",
            f"{spec.company.name} is looking for {a_or_an(spec.title)} to help us grow.",
        )
    )
    plain = re.sub(r"^(?:## |\*\*|[-*•] +)", "", body, flags=re.M).replace("**", "")
    return f"About the job\nAbout {spec.company.name}\n\n{sentence}\n\n{plain}"


_EMPLOYMENT_CODES = {
    "full_time": ("fulltime_permanent", "fulltime"),
    "part_time": ("parttime_permanent", "parttime"),
    "contract": ("freelance", "contract"),
    "internship": ("internship",),
}
_EXPERIENCE_CODES = {"intern": "student", "junior": "entry_level", "senior": "experienced", "principal": "experienced"}


def offer(spec: Spec, rng: random.Random, site: str) -> dict[str, Any]:
    """One offer of a Recruitee ``/api/offers/`` answer; ``site`` is the careers site's origin."""
    city, country = spec.city, spec.city.country
    local = rng.random() < 0.5  # a careers site set up in the local language spells its places so
    city_name, country_name = (city.local, country.local) if local else (city.english, country.name)
    description = _html(rng, [s for s in spec.sections if s.kind not in ("req", "nice")], spec.skills)
    requirements = _html(rng, [s for s in spec.sections if s.kind in ("req", "nice")], spec.skills)
    highlight = rng.choice(
        (None, "", f"{spec.workplace[0].title()} · {city.english}", f"{spec.skills[0]} · {spec.skills[1 % len(spec.skills)]}")
    )
    url = f"{site}/o/{spec.slug}"
    salary = None
    if spec.pay:
        low, high, period = spec.pay.low, spec.pay.high, spec.pay.period
        if period == "year" and rng.random() < 0.5:
            low, high, period = round(low / 12 / 100) * 100, high and round(high / 12 / 100) * 100, "month"
        salary = {"min": str(low), "max": None if high is None else str(high), "period": period, "currency": spec.pay.currency}
    location = f"Remote, {country_name}" if spec.workplace == ["remote"] else f"{city_name}, {country_name}"
    created = spec.posted - timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 900))
    lang = spec.lang
    texts = {"description": description, "requirements": requirements, "highlight": highlight}
    translated_only = rng.random() < 0.15  # some sites leave the top-level text empty: it is in the translations only
    return {
        "id": spec.offer_id,
        "slug": spec.slug,
        "position": rng.randint(1, 40),
        "status": "published",
        "options_phone": rng.choice(("optional", "required", "off")),
        "options_photo": "off",
        "options_cover_letter": rng.choice(("optional", "off")),
        "options_cv": "required",
        "title": spec.title,
        **({key: None for key in texts} if translated_only else texts),
        "location": location,
        "city": city_name,
        "postal_code": city.postal,
        "state_code": city.region,
        "state_name": None,
        "country": country_name,
        "country_code": city.code,
        "remote": "remote" in spec.workplace,
        "hybrid": "hybrid" in spec.workplace,
        "on_site": "onsite" in spec.workplace,
        "locations": [
            {
                "id": spec.offer_id % 100_000 + 7,
                "name": f"{spec.company.name.split(' ')[0]} {city_name}",
                "city": city_name,
                "street": city.street,
                "postal_code": city.postal,
                "state": None,
                "state_code": city.region,
                "country": country_name,
                "country_code": city.code,
            }
        ],
        "careers_url": url,
        "careers_apply_url": f"{url}/c/new",
        "mailbox_email": f"job.{spec.offer_id}@{spec.company.slug}.recruitee.com",
        "company_name": spec.company.name,
        "department": rng.choice(("Engineering", "Product & Engineering", "Technology", "Data", "IT", None)),
        "category_code": "it" if spec.family.key not in ("product", "design") else "product_management",
        "employment_type_code": rng.choice(_EMPLOYMENT_CODES[spec.employment]),
        "experience_code": _EXPERIENCE_CODES.get(spec.level or "", "mid_level"),
        "education_code": rng.choice(("bachelor_degree", "master_degree", "unspecified", None)),
        "min_hours": 32 if spec.employment == "part_time" else 40,
        "max_hours": 32 if spec.employment == "part_time" else 40,
        "open_questions": [],
        "tags": spec.skills[: rng.randint(0, 5)],
        "salary": salary,
        "cover_image": "",
        "sharing_title": None,
        "sharing_description": None,
        "sharing_image": "",
        "created_at": f"{created:%Y-%m-%d %H:%M:%S} UTC",
        "published_at": f"{spec.posted:%Y-%m-%d %H:%M:%S} UTC",
        "close_at": None,
        "lang_code": lang,
        "primary_lang_code": lang,
        "translations": {lang: {"title": spec.title, **texts, "sharing_title": None, "sharing_description": None}},
    }


def board(company: Employer, offers: int, seed: int, site: str) -> dict[str, Any]:
    """A company's whole ``/api/offers/`` answer at ``site``: ``offers`` offers with distinct slugs and ids."""
    answer: list[dict[str, Any]] = []
    slugs: set[str] = set()
    for position in range(offers):
        rng = random.Random(f"jobboard-board/{seed}/{company.name}/{position}")
        spec = make_spec(rng, position, company)
        slug, copy = spec.slug, 2
        while slug in slugs:
            slug, copy = f"{spec.slug}-{copy}", copy + 1
        slugs.add(slug)
        answer.append(offer(dataclasses.replace(spec, slug=slug, offer_id=3_000_000 + position), rng, site))
    return {"offers": answer}


def render_recruitee(spec: Spec, rng: random.Random) -> str:
    site = f"https://{spec.company.slug}.recruitee.com"
    indent = rng.choice((None, None, 2))
    if rng.random() < 0.1:
        # A whole careers-site response: three offers of the same company.
        others = [make_spec(random.Random(f"{spec.index}/offer/{k}/{rng.random()}"), spec.index, spec.company) for k in (1, 2)]
        offers = [offer(s, rng, site) for s in (spec, *others)]
        return json.dumps({"offers": offers}, ensure_ascii=False, indent=indent)
    return json.dumps(offer(spec, rng, site), ensure_ascii=False, indent=indent)


def _jsonld(spec: Spec, rng: random.Random, url: str, description: str) -> dict[str, object]:
    city = spec.city
    company = spec.company
    address: dict[str, object] = {
        "@type": "PostalAddress",
        "streetAddress": city.street,
        "addressLocality": city.english,
        "postalCode": city.postal,
        "addressCountry": city.code if rng.random() < 0.6 else city.country.name,
    }
    if city.region:
        address["addressRegion"] = city.region
    posting: dict[str, object] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": spec.title,
        "description": description,
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": str(spec.offer_id)},
        "datePosted": spec.posted.strftime("%Y-%m-%d") if rng.random() < 0.6 else spec.posted.isoformat(timespec="seconds"),
        "validThrough": (spec.posted + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M"),
        "employmentType": {
            "full_time": "FULL_TIME",
            "part_time": "PART_TIME",
            "contract": rng.choice(("CONTRACTOR", ["CONTRACTOR", "FULL_TIME"])),
            "internship": "INTERN",
        }[spec.employment],
        "hiringOrganization": {
            "@type": "Organization",
            "name": company.name,
            "sameAs": f"https://www.{company.domain}",
            "logo": f"https://www.{company.domain}/static/logo.png",
        },
        "jobLocation": {"@type": "Place", "address": address},
        "url": url,
        "directApply": rng.random() < 0.5,
    }
    if "remote" in spec.workplace:
        posting["jobLocationType"] = "TELECOMMUTE"
        if spec.scope and not spec.scope.startswith("CET") and rng.random() < 0.7:
            name = spec.scope.removeprefix("the ")
            kind = "Country" if name in {c.country.name for c in CITIES} | {"US", "UK"} else "AdministrativeArea"
            posting["applicantLocationRequirements"] = {"@type": kind, "name": name}
    if spec.pay and rng.random() < 0.85:
        pay = spec.pay
        value: dict[str, object] = {"@type": "QuantitativeValue", "unitText": pay.period.upper()}
        value.update({"value": pay.low} if pay.high is None else {"minValue": pay.low, "maxValue": pay.high})
        posting["baseSalary"] = {"@type": "MonetaryAmount", "currency": pay.currency, "value": value}
    if rng.random() < 0.4:
        posting["skills"] = ", ".join(spec.skills[:5])
    if rng.random() < 0.3:
        posting["experienceRequirements"] = {"@type": "OccupationalExperienceRequirements", "monthsOfExperience": spec.years * 12}
    if spec.lang != "en" or rng.random() < 0.3:
        posting["inLanguage"] = spec.lang
    if rng.random() < 0.25:  # Yoast-style graph with the page and the organization next to the posting
        posting.pop("@context")
        return {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebPage", "@id": url, "url": url, "name": f"{spec.title} – {company.name}", "inLanguage": spec.lang},
                {"@type": "Organization", "@id": f"https://www.{company.domain}/#organization", "name": company.name},
                posting,
            ],
        }
    return posting


_NAV = ("Product", "Solutions", "Pricing", "Customers", "Resources", "Blog", "Careers", "About", "Contact", "Docs", "Security",
        "Partners", "Changelog", "Status")  # fmt: skip
_FOOTER = ("Privacy policy", "Terms of service", "Cookie settings", "Imprint", "Accessibility", "Sitemap", "Press",
           "Investors", "Brand assets", "Support", "Community", "Events", "Webinars", "Case studies")  # fmt: skip


def render_jsonld(spec: Spec, rng: random.Random) -> str:
    company = spec.company
    url = f"https://www.{company.domain}/careers/{spec.slug}-{spec.offer_id}"
    description = _html(rng, spec.sections, spec.skills)
    data = _jsonld(spec, rng, url, description)
    payload = json.dumps(data, ensure_ascii=rng.random() < 0.3, indent=rng.choice((None, 2)))
    if rng.random() < 0.4:
        payload = payload.replace("/", "\\/")  # PHP's json_encode escapes slashes; many CMS pages look like this
    ld = f'<script type="application/ld+json">{payload}</script>'
    title = html.escape(spec.title)
    esc = html.escape
    nav = "".join(
        f'<li class="nav__item"><a class="nav__link" href="/{slugify(n)}">{n}</a></li>'
        for n in rng.sample(_NAV, k=rng.randint(6, 12))
    )
    similar = []
    for _ in range(rng.randint(2, 8)):
        fam = rng.choice(FAMILIES)
        other_city = rng.choice(CITIES)
        job = f"{rng.choice(SENIORITY[:8])[0]} {rng.choice(fam.titles)}".strip()
        similar.append(
            f'<li class="job-card"><a href="/careers/{slugify(job)}-{rng.randint(100000, 999999)}">'
            f'<span class="job-card__title">{esc(job)}</span><span class="job-card__meta">{esc(other_city.english)} · {esc(fam.key.title())}</span></a></li>'
        )
    footer = "".join(f'<li><a href="/{slugify(n)}">{n}</a></li>' for n in rng.sample(_FOOTER, k=rng.randint(5, 12)))
    meta_location = esc(_location_label(spec, rng))
    analytics = (
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());"
        f"gtag('config','G-{rng.randint(10**9, 10**10 - 1)}',{{anonymize_ip:true}});</script>"
    )
    app_state = json.dumps(
        {
            "page": "job",
            "jobId": spec.offer_id,
            "locale": spec.lang,
            "features": {"applyModal": True, "newNav": rng.random() < 0.5},
            "experiments": [f"exp-{rng.randint(100, 999)}" for _ in range(rng.randint(1, 6))],
        }
    )
    in_head = rng.random() < 0.5
    if rng.random() < 0.35:  # rendered client-side: the text is only in the JSON-LD until the app boots
        article = f'<div id="job-root" class="job-description container" data-job-id="{spec.offer_id}"></div><noscript>Please enable JavaScript to see the full job description.</noscript>'
    else:
        article = f'<article class="job-description container">{description}</article>'
    city = spec.city
    page = f"""<!DOCTYPE html>
<html lang="{spec.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {esc(company.name)} Careers</title>
<meta name="description" content="{esc(company.name)} is hiring {esc(a_or_an(spec.title))} in {esc(city.english)}. Apply now.">
<meta property="og:title" content="{title}">
<meta property="og:type" content="website">
<meta property="og:url" content="{url}">
<meta property="og:image" content="https://www.{company.domain}/static/og-careers.png">
<link rel="canonical" href="{url}">
<link rel="icon" href="/favicon.ico">
<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
<link rel="stylesheet" href="/static/css/main.{rng.randint(10**7, 10**8 - 1):x}.css">
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter:wght@400;600;700&display=swap">
<style>.job-header{{padding:48px 0;background:#0f172a;color:#fff}}.job-card{{border:1px solid #e2e8f0;border-radius:8px;padding:16px}}.btn-apply{{background:#2563eb;color:#fff;padding:12px 24px;border-radius:6px}}</style>
{analytics}
{ld if in_head else ""}
</head>
<body class="page page--job">
<div id="cookie-banner" class="cookie-banner" hidden><p>We use cookies to improve your experience. See our <a href="/privacy">privacy policy</a>.</p><button type="button" class="btn">Accept all</button><button type="button" class="btn btn--ghost">Only necessary</button></div>
<header class="site-header"><a class="logo" href="/"><img src="https://www.{company.domain}/static/logo.svg" alt="{esc(company.name)}" width="120" height="32"></a>
<nav class="nav" aria-label="Main"><ul class="nav__list">{nav}</ul></nav><a class="btn btn--small" href="/demo">Book a demo</a></header>
<main id="main">
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/careers">Careers</a></li><li aria-current="page">{title}</li></ol></nav>
<section class="job-header"><div class="container"><h1 class="job-title">{title}</h1>
<ul class="job-meta"><li class="job-meta__location">{meta_location}</li><li class="job-meta__team">{esc(spec.family.key.title())}</li><li class="job-meta__type">{spec.employment.replace("_", " ").title()}</li><li class="job-meta__date"><time datetime="{spec.posted.date().isoformat()}">{spec.posted.strftime("%d %B %Y")}</time></li></ul>
<a class="btn-apply" href="{url}/apply">Apply for this job</a></div></section>
{article}
<section class="apply-box container"><h2>Interested?</h2><p>Send us your CV and a few lines about yourself. We read every application.</p><a class="btn-apply" href="{url}/apply">Apply now</a></section>
<section class="similar-jobs container"><h2>Similar jobs</h2><ul class="job-list">{"".join(similar)}</ul></section>
</main>
<footer class="site-footer"><div class="container"><ul class="footer-links">{footer}</ul><p>&copy; 2026 {esc(company.name)}. All rights reserved.</p>
<p class="footer-address">{esc(city.street)}, {esc(city.postal)} {esc(city.english)}, {esc(city.country.name)}</p></div></footer>
<script id="app-state" type="application/json">{app_state}</script>
{"" if in_head else ld}
<script src="/static/js/runtime.{rng.randint(10**7, 10**8 - 1):x}.js" defer></script>
<script src="/static/js/main.{rng.randint(10**7, 10**8 - 1):x}.js" defer></script>
</body>
</html>
"""
    return page


RENDERERS = {"frontmatter": render_frontmatter, "text": render_text, "recruitee": render_recruitee, "jsonld": render_jsonld}


# ---------------------------------------------------------------- entry points


@lru_cache(maxsize=4)
def _companies(seed: int) -> tuple[Employer, ...]:
    return world.employers(_COMPANIES, seed)


def posting(index: int, seed: int, fmt: str) -> str:
    """The text of file ``index`` in format ``fmt`` for ``seed`` (pure: no I/O, no global state)."""
    rng = random.Random(f"jobboard-corpus/{seed}/{index}/{fmt}")
    spec = make_spec(rng, index, rng.choice(_companies(seed)))
    return RENDERERS[fmt](spec, rng)


def file_name(index: int, fmt: str) -> str:
    return f"{index:06d}-{fmt}{SUFFIXES[fmt]}"


def format_of(path: str | Path) -> str | None:
    """The format a generated file was written in, read back from its name."""
    match = _NAME.match(Path(path).name)
    return match.group(1) if match and match.group(1) in SUFFIXES else None


def write(n: int, seed: int, out_dir: str | Path, formats: Sequence[str] | None = None) -> list[Path]:
    """Write ``n`` postings into ``out_dir``, cycling through ``formats`` (default: all four) in equal shares."""
    chosen = tuple(formats) if formats else FORMATS
    unknown = [f for f in chosen if f not in RENDERERS]
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n):
        fmt = chosen[index % len(chosen)]
        path = target / file_name(index, fmt)
        path.write_bytes(posting(index, seed, fmt).encode("utf-8"))
        paths.append(path)
    return paths
