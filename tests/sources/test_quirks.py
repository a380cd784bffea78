"""One test per quirk of the ATS answers: the shapes real boards send that a naive reader gets wrong."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from parsers import parse_jobs
from parsers.errors import ParseError
from parsers.formats import ATS_FORMATS, ashby, ats_common, greenhouse, lever, personio, smartrecruiters, teamtailor, workable
from parsers.normalizer import normalize
from parsers.record import Posting

SOURCES = Path(__file__).parent


def fixture(ats: str, name: str) -> Any:
    text = (SOURCES / ats / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


def one(drafts: list[Any]) -> Posting:
    assert len(drafts) == 1
    return normalize(drafts[0])


# ---------------------------------------------------------------- every ATS


@pytest.mark.parametrize(
    ("module", "ats", "name", "path"),
    [
        (greenhouse, "greenhouse", "board_content.json", ("jobs",)),
        (lever, "lever", "postings.json", ()),
        (ashby, "ashby", "board_compensation.json", ("jobs",)),
        (smartrecruiters, "smartrecruiters", "postings_page1.json", ("content",)),
        (workable, "workable", "v3_page1.json", ("results",)),
    ],
)
def test_parse_offer_reads_one_job_as_the_list_does(module: Any, ats: str, name: str, path: tuple[str, ...]) -> None:
    """The crawler hands over single jobs taken from a list answer: they must parse as in the list."""
    data = fixture(ats, name)
    jobs = data
    for key in path:
        jobs = jobs[key]
    listed = [normalize(d).model_dump() for d in module.parse_data(data)]
    single = [normalize(module.parse_offer(job)).model_dump() for job in jobs]
    assert single == listed


def test_every_format_has_its_kind_and_rejects_an_empty_list() -> None:
    kinds = [getattr(m, "KIND", None) for m in ATS_FORMATS[1:]]
    assert kinds == ["greenhouse", "lever", "ashby", "workable", "smartrecruiters", "personio", "teamtailor"]
    for data, module in (
        ({"jobs": [], "meta": {"total": 0}}, greenhouse),
        ({"apiVersion": "1", "jobs": []}, ashby),
        ({"name": "Acme", "description": None, "jobs": []}, workable),
        ({"offset": 0, "limit": 100, "totalFound": 0, "content": []}, smartrecruiters),
        ("<?xml version='1.0'?><workzag-jobs></workzag-jobs>", personio),
        ({"data": [], "meta": {"record-count": 0, "page-count": 0}}, teamtailor),
    ):
        assert [m for m in ATS_FORMATS if m.looks_like(data)] == [module]
        with pytest.raises(ParseError):
            module.parse_data(data)


@pytest.mark.parametrize("data", [{"jobs": []}, [], {}, {"title": "Engineer"}, {"data": []}, "plain text", 42, None])
def test_ambiguous_or_foreign_shapes_are_claimed_by_no_ats(data: object) -> None:
    assert [m for m in ATS_FORMATS if m.looks_like(data)] == []


def test_country_spellings_give_one_code() -> None:
    base = fixture("ashby", "job_single.json")
    codes = set()
    for spelling in ("USA", "United States", "US", "us", "United States of America"):
        job = copy.deepcopy(base)
        job["secondaryLocations"] = []
        job["address"] = {"postalAddress": {"addressLocality": "Denver", "addressRegion": "CO", "addressCountry": spelling}}
        place = normalize(ashby.parse_offer(job)).location.places[0]
        codes.add((place.city, place.region, place.country_code))
    assert codes == {("Denver", "Colorado", "US")}


# ---------------------------------------------------------------- Greenhouse


def test_greenhouse_content_is_unescaped_before_conversion() -> None:
    job = fixture("greenhouse", "board_content.json")["jobs"][0]
    assert job["content"].startswith("&lt;h2&gt;")
    record = normalize(greenhouse.parse_offer(job))
    assert "&lt;" not in record.description and "<h2>" not in record.description
    assert record.description.startswith("## About the team")
    assert record.title == "Senior Backend Engineer"  # the source title ends with two spaces


@pytest.mark.parametrize(
    "metadata",
    [
        None,
        "Full-time",
        [],
        [{"id": 1, "name": "Employment Type", "value": "Full-time", "value_type": "single_select"}],
        [{"id": 1, "name": "Employment Type", "value": ["Full-time"], "value_type": "multi_select"}],
        [{"id": 1, "name": "Employment Type", "value": None, "value_type": "single_select"}],
        {"Employment Type": "Full-time"},
    ],
)
def test_greenhouse_metadata_in_every_shape(metadata: object) -> None:
    job = copy.deepcopy(fixture("greenhouse", "board_no_content.json")["jobs"][1])
    job["metadata"] = metadata
    record = normalize(greenhouse.parse_offer(job))
    named = metadata not in (None, "Full-time", []) and "None" not in repr(metadata)
    assert record.employment_type == ("full_time" if named else None)


def test_greenhouse_pay_ranges_are_cents() -> None:
    salary = one(greenhouse.parse_data(fixture("greenhouse", "job_pay_ranges.json"))).salary
    assert salary is not None and (salary.min, salary.max, salary.currency) == (90000, 110000, "GBP")


def test_greenhouse_custom_domain_url_is_the_posting_url() -> None:
    record = normalize(greenhouse.parse_offer(fixture("greenhouse", "board_content.json")["jobs"][0]))
    assert record.url == "https://careers.kestrel-labs.example/open-roles?gh_jid=4012345"
    assert record.source.host == "careers.kestrel-labs.example"


# ---------------------------------------------------------------- Lever


@pytest.mark.parametrize(
    ("interval", "period"),
    [("per-year-salary", "year"), ("per-month-salary", "month"), ("per-hour-wage", "hour"), ("per-day-wage", "day")],
)
def test_lever_salary_interval(interval: str, period: str) -> None:
    posting = copy.deepcopy(fixture("lever", "posting_single.json"))
    amounts = {"year": (60000, 70000), "month": (4800, 6200), "hour": (30, 40), "day": (300, 400)}[period]
    posting["salaryRange"] = {"currency": "EUR", "interval": interval, "min": amounts[0], "max": amounts[1]}
    salary = normalize(lever.parse_offer(posting)).salary
    assert salary is not None and (salary.min, salary.max, salary.period) == (*amounts, period)


def test_lever_one_time_amount_is_no_salary() -> None:
    posting = copy.deepcopy(fixture("lever", "postings.json")[2])
    posting["salaryRange"] = {"currency": "USD", "interval": "one-time", "min": 5000, "max": 5000}
    assert lever.parse_offer(posting).salary is None


def test_lever_lists_keep_their_headings_and_items() -> None:
    record = normalize(lever.parse_offer(fixture("lever", "postings.json")[0]))
    assert "## What you bring" in record.description
    assert "6+ years of infrastructure work" in record.description
    assert record.location.places[1].city == "Montréal"  # from allLocations


# ---------------------------------------------------------------- Ashby


def test_ashby_equity_and_bonus_never_make_the_salary() -> None:
    job = copy.deepcopy(fixture("ashby", "board_compensation.json")["jobs"][0])
    equity = [c for c in job["compensation"]["compensationTiers"][0]["components"] if c["compensationType"] != "Salary"]
    job["compensation"]["compensationTiers"][0]["components"] = equity
    job["compensation"]["summaryComponents"] = equity
    assert ashby.parse_offer(job).salary is None


def test_ashby_tiers_span_lowest_to_highest_salary() -> None:
    job = fixture("ashby", "board_multi_tier.json")["jobs"][0]
    salary = normalize(ashby.parse_offer(job)).salary
    assert salary is not None and (salary.min, salary.max, salary.currency, salary.period) == (62000, 88000, "EUR", "year")


def test_ashby_hourly_salary_keeps_its_hour() -> None:
    salary = normalize(ashby.parse_offer(fixture("ashby", "board_compensation.json")["jobs"][1])).salary
    assert salary is not None and salary.period == "hour" and salary.yearly_min == 48 * 2080


@pytest.mark.parametrize(
    ("is_remote", "workplace_type", "expected"),
    [
        (None, None, None),
        (True, None, ["remote"]),
        (False, None, None),
        (False, "Hybrid", ["hybrid"]),
        (None, "OnSite", ["onsite"]),
    ],
)
def test_ashby_workplace_from_nullable_fields(
    is_remote: bool | None, workplace_type: str | None, expected: list[str] | None
) -> None:
    job = copy.deepcopy(fixture("ashby", "board_compensation.json")["jobs"][2])
    job["isRemote"], job["workplaceType"] = is_remote, workplace_type
    assert ashby.parse_offer(job).workplace == expected


# ---------------------------------------------------------------- Workable


def test_workable_rows_of_one_shortcode_are_one_job_without_hidden_places() -> None:
    data = fixture("workable", "widget.json")
    codes = [job["shortcode"] for job in data["jobs"]]
    assert len(codes) == 4 and len(set(codes)) == 3
    drafts = workable.parse_data(data)
    assert len(drafts) == 3
    places = normalize(drafts[0]).location.places
    assert [(p.city, p.country_code) for p in places] == [("Athens", "GR"), ("Lisbon", "PT")]  # Thessaloniki is hidden


def test_workable_telecommuting_and_v3_workplace() -> None:
    widget = fixture("workable", "widget.json")["jobs"]
    assert workable.parse_offer(widget[2]).workplace == ["remote"]
    assert workable.parse_offer(widget[3]).workplace is None  # telecommuting false says nothing
    v3 = fixture("workable", "v3_page1.json")
    assert [workable.parse_offer(j).workplace for j in v3["results"]] == [["hybrid"], ["remote"], ["onsite"]]
    assert v3["nextPage"] and fixture("workable", "v3_page2.json")["nextPage"] is None


# ---------------------------------------------------------------- SmartRecruiters


def test_smartrecruiters_placeholder_address_is_ignored() -> None:
    record = one(smartrecruiters.parse_data(fixture("smartrecruiters", "posting_jobad.json")))
    assert [(p.city, p.region, p.country_code) for p in record.location.places] == [(None, None, "DE")]
    assert "xxxx" not in (record.location.raw or "")


def test_smartrecruiters_localized_labels_and_salary_custom_field() -> None:
    first = fixture("smartrecruiters", "postings_page1.json")["content"][0]
    draft = smartrecruiters.parse_offer(first)
    assert draft.employment_type == "full_time"  # "Pełny etat"
    assert draft.salary is not None and (draft.salary.min, draft.salary.max, draft.salary.currency) == (18000, 24000, "PLN")
    other = copy.deepcopy(first)
    other["customField"] = [{"fieldId": "x", "fieldLabel": "Marka", "valueId": "y", "valueLabel": "12 000 PLN"}]
    assert smartrecruiters.parse_offer(other).salary is None  # a value under a label that names no salary


def test_smartrecruiters_list_posting_gets_its_public_url() -> None:
    first = fixture("smartrecruiters", "postings_page1.json")["content"][0]
    assert smartrecruiters.parse_offer(first).url == "https://jobs.smartrecruiters.com/WislaSoftware/744000012345001"


# ---------------------------------------------------------------- Personio


def test_personio_accepts_text_bytes_and_elements() -> None:
    text = fixture("personio", "feed.xml")
    expected = [normalize(d).model_dump() for d in personio.parse_data(text)]
    root = ET.fromstring(text.encode("utf-8"))
    assert [normalize(d).model_dump() for d in personio.parse_data(text.encode("utf-8"))] == expected
    assert [normalize(d).model_dump() for d in personio.parse_data(root)] == expected
    assert personio.looks_like(root) and personio.looks_like(root[0])
    single = [normalize(personio.parse_offer(p)).model_dump() for p in root]
    assert single == expected


def test_personio_cdata_html_becomes_markdown_and_empty_descriptions_stay_empty() -> None:
    records = [normalize(d) for d in personio.parse_data(fixture("personio", "feed.xml"))]
    assert "<p>" not in records[0].description and "## Deine Aufgaben" in records[0].description
    empty = [normalize(d) for d in personio.parse_data(fixture("personio", "feed_empty_descriptions.xml"))]
    assert empty[0].description == "" and empty[0].summary is None


def test_personio_job_urls_from_the_board_origin() -> None:
    drafts = personio.parse_data(fixture("personio", "feed.xml"), origin="https://elbtal.jobs.personio.de")
    assert [d.url for d in drafts][:1] == ["https://elbtal.jobs.personio.de/job/1480231"]


def test_personio_refuses_entity_declarations() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workzag-jobs><position><name>&a;</name></position></workzag-jobs>'
    )
    with pytest.raises(ParseError):
        personio.parse_data(bomb)


# ---------------------------------------------------------------- Teamtailor


def test_teamtailor_reads_its_three_forms() -> None:
    api = [normalize(d) for d in teamtailor.parse_data(fixture("teamtailor", "jobs_jsonapi.json"))]
    feed = [normalize(d) for d in teamtailor.parse_data(fixture("teamtailor", "jobs_feed.json"))]
    rss = [normalize(d) for d in teamtailor.parse_data(fixture("teamtailor", "jobs_rss.xml"))]
    assert (len(api), len(feed), len(rss)) == (3, 3, 3)
    assert api[0].location.places[1].city == "Gothenburg"  # a related location resource, by id
    assert rss[0].location.workplace == ["hybrid"] and rss[2].location.workplace == ["remote"]
    assert feed[2].title == "3D Environment Artist"


def test_teamtailor_single_job_document_matches_the_list() -> None:
    listed = normalize(teamtailor.parse_data(fixture("teamtailor", "jobs_jsonapi.json"))[0]).model_dump()
    single = one(teamtailor.parse_data(fixture("teamtailor", "job_single_jsonapi.json"))).model_dump()
    assert single == listed


def test_rss_without_teamtailor_elements_is_not_claimed() -> None:
    rss = "<rss version='2.0'><channel><title>Blog</title><item><title>Hello</title></item></channel></rss>"
    assert not teamtailor.looks_like(rss) and not personio.looks_like(rss)


def test_teamtailor_rss_items_as_the_crawler_reserializes_them() -> None:
    """Items cut out of the feed by ElementTree carry its namespace under another prefix (``ns0:``)."""
    root = ET.fromstring(fixture("teamtailor", "jobs_rss.xml").encode("utf-8"))
    items = [ET.tostring(item, encoding="unicode") for item in root.iter() if item.tag == "item"]
    assert "ns0:locations" in items[0]
    document = '<rss version="2.0"><channel><title>Granit Pay</title>' + "".join(items) + "</channel></rss>"
    assert teamtailor.looks_like(document)
    again = [normalize(d).model_dump() for d in teamtailor.parse_data(document)]
    assert again == [normalize(d).model_dump() for d in teamtailor.parse_data(fixture("teamtailor", "jobs_rss.xml"))]


def test_greenhouse_unescaped_content_keeps_its_literal_entities() -> None:
    job = copy.deepcopy(fixture("greenhouse", "board_no_content.json")["jobs"][0])
    job["content"] = "<p>Write the &lt;b&gt; and &lt;i&gt; tags by hand</p>"
    description = normalize(greenhouse.parse_offer(job)).description
    assert "<b>" in description and "**" not in description


def test_lever_country_is_the_place_of_a_bare_remote_posting() -> None:
    posting = copy.deepcopy(fixture("lever", "postings.json")[2])
    assert normalize(lever.parse_offer(posting)).location.places == []
    posting["categories"]["location"], posting["categories"]["allLocations"], posting["country"] = "Remote", ["Remote"], "DE"
    assert [p.country_code for p in normalize(lever.parse_offer(posting)).location.places] == ["DE"]


ODD_VALUES: list[object] = [None, 7, "xxxx", [None, 3], {"name": None}, True]


def _with_first_job(data: Any, change: Any) -> Any:
    """A deep copy of the answer whose first job went through ``change`` (the answer itself when it is one job)."""
    document = copy.deepcopy(data)
    for key in ("jobs", "results", "content", "data", "items"):
        if isinstance(document, dict) and isinstance(document.get(key), list) and document[key]:
            document[key][0] = change(document[key][0])
            return document
    if isinstance(document, list):
        holder = document[0]["postings"] if "postings" in document[0] else document
        holder[0] = change(holder[0])
        return document
    if isinstance(document, dict) and isinstance(document.get("data"), dict):
        document["data"] = change(document["data"])
        return document
    return change(document)


@pytest.mark.parametrize(
    "case",
    sorted(p for p in SOURCES.glob("*/*.json") if not p.name.endswith(".expected.json")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_a_field_of_any_type_never_breaks_a_job(case: Path) -> None:
    """Every field of the first job set to a value of the wrong type: the answer still parses, or fails as a ParseError."""
    module = next(m for m in ATS_FORMATS if getattr(m, "KIND", None) == case.parent.name)
    data = json.loads(case.read_text(encoding="utf-8"))
    keys: list[str] = []

    def grab(job: dict[str, Any]) -> dict[str, Any]:
        keys.extend(job)
        return job

    _with_first_job(data, grab)
    assert keys
    for key in keys:
        for odd in ODD_VALUES:
            document = _with_first_job(data, lambda job, k=key, v=odd: {**job, k: v})
            try:
                drafts = module.parse_data(document)
            except ParseError:
                continue
            for draft in drafts:
                try:
                    normalize(draft)
                except ParseError:
                    pass


def test_personio_positions_without_a_name_are_reported_not_kept() -> None:
    feed = "<workzag-jobs><position><id>1</id><office>Berlin</office></position><position><id>2</id><name>Buchhalter (m/w/d)</name></position></workzag-jobs>"
    assert [d.title for d in personio.parse_data(feed)] == ["Buchhalter (m/w/d)"]
    with pytest.raises(ParseError, match="position 0 has no name"):
        personio.parse_data("<workzag-jobs><position><id>1</id></position></workzag-jobs>")
    with pytest.raises(ParseError, match="invalid XML"):
        personio.parse_data("<workzag-jobs><position><name>Open</position></workzag-jobs>")


# ---------------------------------------------------------------- the board's token


@pytest.mark.parametrize(
    ("token", "name"),
    [
        ("bending-spoons", "Bending Spoons"),
        ("quinta_labs", "Quinta Labs"),
        ("MesaFoods", "MesaFoods"),
        ("n26", "N26"),
        ("", None),
    ],
)
def test_board_token_made_readable(token: str, name: str | None) -> None:
    assert ats_common.board_name(token) == name


@pytest.mark.parametrize(
    ("kind", "ats", "name", "path"),
    [
        ("lever", "lever", "posting_single.json", None),
        ("ashby", "ashby", "job_single.json", None),
        ("workable", "workable", "v3_page1.json", "results"),
        ("teamtailor", "teamtailor", "job_single_jsonapi.json", "data"),
    ],
)
def test_the_crawled_board_token_names_the_company_the_ats_does_not(kind: str, ats: str, name: str, path: str | None) -> None:
    """What the crawler hands over (``parse_jobs`` with the board's context): the token, not a word of the prose."""
    data = fixture(ats, name)
    jobs = data[path] if path else data
    rows = jobs if isinstance(jobs, list) else [jobs]
    context = (
        {"token": "bending-spoons", "included": data.get("included", [])} if kind == "teamtailor" else {"token": "bending-spoons"}
    )
    postings = parse_jobs(kind, rows[:1], context)
    assert [p.company.name for p in postings] == ["Bending Spoons"]


def test_personio_token_only_when_the_subcompany_is_empty() -> None:
    feed = fixture("personio", "feed_occupation_keywords.xml")
    drafts = personio.parse_data(feed, "https://nordlicht-energie.jobs.personio.de", board="nordlicht-energie")
    assert [d.company_name for d in drafts] == ["Nordlicht Energie", "Nordlicht Services GmbH"]
    assert drafts[0].url == "https://nordlicht-energie.jobs.personio.de/job/1804411"


def test_a_company_the_ats_names_beats_the_token() -> None:
    greenhouse_job = fixture("greenhouse", "board_offices_metadata.json")["jobs"][0]
    assert greenhouse.parse_offer(greenhouse_job, board="other-token").company_name == "Lindenbyte"
    posting = fixture("smartrecruiters", "posting_jobad_german.json")
    assert smartrecruiters.parse_offer(posting, board="other-token").company_name == "Mesa Foods"
    widget = workable.parse_data(fixture("workable", "widget_flat_places.json"), board="kite")
    assert {d.company_name for d in widget} == {"Kite Robotics"}


def test_workable_job_link_made_from_the_account_when_the_answer_has_none() -> None:
    job = fixture("workable", "job_v2_salary.json")
    assert workable.parse_offer(job).url is None
    assert workable.parse_offer(job, board="kite-robotics").url == "https://apply.workable.com/kite-robotics/j/3C4D5E6F7A/"


# ---------------------------------------------------------------- field variants


@pytest.mark.parametrize(
    ("entry", "workplace", "salary"),
    [
        ({"name": "Remote?", "value": True, "value_type": "yes_no"}, ["remote"], None),
        ({"name": "Remote?", "value": False, "value_type": "yes_no"}, None, None),
        ({"name": "Remote", "value": "Yes", "value_type": "short_text"}, ["remote"], None),
        ({"name": "Work model", "value": {"id": 3, "name": "Hybrid"}, "value_type": "single_select"}, ["hybrid"], None),
        ({"name": "Base salary", "value": {"unit": "EUR", "amount": "72000.0"}, "value_type": "currency"}, None, (72000, 72000)),
        ({"name": "Signing budget", "value": {"unit": "EUR", "amount": "5000.0"}, "value_type": "currency"}, None, None),
    ],
)
def test_greenhouse_metadata_value_types(
    entry: dict[str, Any], workplace: list[str] | None, salary: tuple[int, int] | None
) -> None:
    job = copy.deepcopy(fixture("greenhouse", "board_no_content.json")["jobs"][1])
    job["metadata"] = [{"id": 1, **entry}]
    draft = greenhouse.parse_offer(job)
    assert draft.workplace == workplace
    assert (None if draft.salary is None else (draft.salary.min, draft.salary.max)) == salary


def test_greenhouse_office_location_as_text_or_object() -> None:
    job = copy.deepcopy(fixture("greenhouse", "board_offices_metadata.json")["jobs"][1])
    job["location"] = None
    places = normalize(greenhouse.parse_offer(job)).location.places
    assert [(p.city, p.country_code) for p in places] == [("London", "GB")]


@pytest.mark.parametrize("spelling", ["UK", "uk", "United Kingdom", "GB"])
def test_uk_is_great_britain(spelling: str) -> None:
    assert ats_common.country_code(spelling) == "GB"


def test_ashby_salary_from_the_summary_when_tiers_offer_equity_only() -> None:
    job = copy.deepcopy(fixture("ashby", "job_single_contract_tiers.json"))
    for tier in job["compensation"]["compensationTiers"]:
        tier["components"] = [c for c in tier["components"] if c["compensationType"] != "Salary"]
    salary = ashby.parse_offer(job).salary
    assert salary is not None and (salary.min, salary.max, salary.currency) == (60000, 85000, "GBP")


def test_smartrecruiters_employment_label_before_its_id() -> None:
    posting = copy.deepcopy(fixture("smartrecruiters", "posting_jobad_german.json"))
    posting["typeOfEmployment"] = {"id": "permanent", "label": "Part-time"}
    assert smartrecruiters.parse_offer(posting).employment_type == "part_time"


def test_workable_salary_object() -> None:
    job = copy.deepcopy(fixture("workable", "job_v2_salary.json"))
    job["salary"] = {"salary_from": 60000, "salary_to": 75000, "salary_currency": "usd"}
    salary = normalize(workable.parse_offer(job)).salary
    assert salary is not None and (salary.min, salary.max, salary.currency, salary.period) == (60000, 75000, "USD", "year")


def test_teamtailor_rss_location_as_bare_text() -> None:
    rss = (
        '<rss version="2.0" xmlns:tt="https://teamtailor.com/locations"><channel><title>Fjord Digital jobs</title>'
        "<item><title>Designer</title><link>https://fjord-digital.teamtailor.com/jobs/1-designer</link>"
        "<remoteStatus>hybrid</remoteStatus><tt:location>Bergen, Norway</tt:location></item></channel></rss>"
    )
    record = one(teamtailor.parse_data(rss))
    assert [(p.city, p.country_code) for p in record.location.places] == [("Bergen", "NO")]
    assert record.location.workplace == ["hybrid"] and record.company.name == "Fjord Digital"


def test_teamtailor_json_feed_extension_spellings() -> None:
    feed = copy.deepcopy(fixture("teamtailor", "jobs_feed_extensions.json"))
    extension = feed["items"][0]["_teamtailor"]
    feed["items"][0]["_teamtailor"] = {
        "remoteStatus": "fully",
        "employment-type": extension["employment_type"],
        "locations": ["Aarhus"],
    }
    record = normalize(teamtailor.parse_data(feed)[0])
    assert record.location.workplace == ["remote"] and record.employment_type == "full_time"
    assert [p.country_code for p in record.location.places] == ["DK"]


def test_ashby_compensation_kept_off_the_posting_is_not_read() -> None:
    job = copy.deepcopy(fixture("ashby", "job_single_contract_tiers.json"))
    assert ashby.parse_offer(job).salary is not None
    job["shouldDisplayCompensationOnJobPostings"] = False
    assert ashby.parse_offer(job).salary is None


@pytest.mark.parametrize(
    ("city", "region", "country", "expected"),
    [
        ("Poland", "Remote", "pl", (None, None, "PL")),
        ("Remote", "", "de", (None, None, "DE")),
        ("Anywhere", None, "US", (None, None, "US")),
    ],
)
def test_workplace_words_in_address_fields_are_no_place(
    city: str, region: str | None, country: str, expected: tuple[str | None, str | None, str]
) -> None:
    found = ats_common.place(city, region, country)
    assert found is not None and (found.city, found.region, found.country_code) == expected


@pytest.mark.parametrize("names", [("min-salary", "max-salary", "currency"), ("salary-min", "salary-max", "salary-currency")])
def test_teamtailor_salary_attribute_spellings(names: tuple[str, str, str]) -> None:
    job = copy.deepcopy(fixture("teamtailor", "jobs_jsonapi_locations.json")["data"][0])
    for name in ("min-salary", "max-salary", "currency"):
        del job["attributes"][name]
    job["attributes"].update(dict(zip(names, (41000, 47000, "SEK"), strict=True)))
    salary = normalize(teamtailor.parse_offer(job)).salary
    assert salary is not None and (salary.min, salary.max, salary.currency, salary.period) == (41000, 47000, "SEK", "month")


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Regular Full-Time", "full_time"),
        ("Permanent Part-Time", "part_time"),
        ("Intern (Summer 2027)", "internship"),
        ("Contract to Hire", "contract"),
        ("Full Time - Fixed Term", "temporary"),
        ("Full or Part Time", "full_time"),
        ("Teilzeit (befristet)", "part_time"),
        ("Other", None),
    ],
)
def test_free_text_commitment_labels(label: str, kind: str | None) -> None:
    """Lever's ``commitment`` (and custom employment fields elsewhere) is free text, not a fixed code."""
    posting = copy.deepcopy(fixture("lever", "posting_single.json"))
    posting["categories"]["commitment"] = label
    assert lever.parse_offer(posting).employment_type == kind


# ---------------------------------------------------------------- shapes found in public answers, second pass


@pytest.mark.parametrize(
    ("interval", "low", "high", "period"),
    [
        ("bi-week-salary", 5000 * 26, 6000 * 26, "year"),  # paid every two weeks
        ("semi-month-salary", 5000 * 24, 6000 * 24, "year"),  # paid twice a month
        ("per-week-salary", 5000, 6000, "week"),
        ("per-month-salary", 5000, 6000, "month"),
    ],
)
def test_lever_pay_intervals_keep_their_yearly_worth(interval: str, low: float, high: float, period: str) -> None:
    posting = copy.deepcopy(fixture("lever", "postings_pay_intervals.json")[0])
    posting["salaryRange"]["interval"] = interval
    salary = lever.parse_offer(posting).salary
    assert salary is not None and (salary.min, salary.max, salary.period) == (low, high, period)


def test_ashby_summary_text_only_when_the_board_gives_no_components() -> None:
    job = fixture("ashby", "board_summary_text_addresses.json")["jobs"][0]
    assert ashby.parse_offer(job).salary is not None
    equity = {"compensationType": "EquityPercentage", "interval": "NONE", "minValue": 0.1, "maxValue": 0.2}
    with_equity = copy.deepcopy(job)
    with_equity["compensation"]["summaryComponents"] = [equity]
    assert ashby.parse_offer(with_equity).salary is None  # the components say there is no salary


def test_greenhouse_salary_split_over_min_and_max_fields() -> None:
    job = fixture("greenhouse", "board_piped_locations.json")["jobs"][3]
    salary = greenhouse.parse_offer(job).salary
    assert salary is not None and (salary.min, salary.max, salary.currency, salary.period) == (118000, 142000, "CAD", "year")
    only_min = copy.deepcopy(job)
    only_min["metadata"] = [m for m in job["metadata"] if "Maximum" not in m["name"]]
    found = greenhouse.parse_offer(only_min).salary
    assert found is not None and (found.min, found.max) == (118000, None)  # a floor alone


def test_a_city_given_with_and_without_its_region_is_one_place() -> None:
    places: list[Any] = []
    for item in ats_common.places_from_labels(["Vancouver", "Vancouver, British Columbia, Canada"]):
        ats_common.add_place(places, item)
    assert [(p.city, p.country_code) for p in places] == [("Vancouver", "CA")] and places[0].region is not None


def test_personio_salary_information_and_workplace_offices() -> None:
    drafts = personio.parse_data(fixture("personio", "feed_salary_home_office.xml"))
    first, second, third = (normalize(d) for d in drafts)
    assert first.salary is not None and (first.salary.min, first.salary.max, first.salary.period) == (65000, 80000, "year")
    assert second.salary is not None and (second.salary.min, second.salary.period) == (18.5, "hour")
    assert third.salary is None
    assert (first.location.workplace, second.location.workplace) == (["remote"], ["hybrid"])
    assert all(p.city != "Hybrid" for p in second.location.places)


@pytest.mark.parametrize(("raw", "years"), [("lt-1", 0), ("1-2", 1), ("5-10", 5), ("7+", 7), ("gt-15", 15), ("", None)])
def test_personio_years_of_experience_lower_bound(raw: str, years: int | None) -> None:
    position = fixture("personio", "position_trainee_monthly.xml").replace(
        "<yearsOfExperience>lt-1</yearsOfExperience>", f"<yearsOfExperience>{raw}</yearsOfExperience>"
    )
    assert personio.parse_offer(position).experience_years == years


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("mid_senior_level", None),
        ("Not Applicable", None),
        ("entry_level", "junior"),
        ("internship", "intern"),
        ("director", "head"),
    ],
)
def test_ats_level_codes(code: str, level: str | None) -> None:
    assert ats_common.seniority(code) == level
