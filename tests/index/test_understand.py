"""Reading a search's free text with the parsers' vocabularies (``index.understand``): pure, no index."""

from __future__ import annotations

import pytest

from index.terms import location_keys
from index.understand import (
    DEVELOPER_WORDS,
    FEMININE_DEVELOPER_WORDS,
    JOB_ABBREVIATIONS,
    edits,
    typo_distance,
    understand,
    without,
)
from parsers.infer.title import has_role_noun
from tests.index.corpus import make


def read(q: str, literal: tuple[str, ...] = ()) -> list[tuple[str, str, str | None, str | None]]:
    """(text, kind, field, value) of every term of q's interpretation, in order."""
    return [(t.text, t.kind, t.field, t.value) for t in understand(q, literal).interpretation().terms]


def test_the_issue_examples() -> None:
    assert read("rails remote") == [("rails", "field", "hashtags", "rails"), ("remote", "field", "workplace", "remote")]
    assert read("python berlin") == [("python", "field", "hashtags", "python"), ("berlin", "field", "location", "Berlin")]
    assert read("senior data engineer poland") == [
        ("senior", "field", "seniority", "senior"),
        ("data", "field", "role", "data"),
        ("engineer", "field", "title", "developer"),
        ("poland", "field", "location", "PL"),
    ]
    assert read("#django") == [("#django", "tag", "hashtags", "django")]
    assert read("frontend münchen") == [("frontend", "field", "role", "frontend"), ("münchen", "field", "location", "Munich")]
    assert read("k8s") == [("k8s", "field", "hashtags", "kubernetes"), ("k8s", "field", "role", "devops")]


@pytest.mark.parametrize(
    ("q", "field", "value"),
    [
        ("new york", "location", "New York City"),  # several words, and not York in England
        ("machine learning", "hashtags", "machine-learning"),
        ("ruby on rails", "hashtags", "rails"),
        ("full stack", "role", "fullstack"),
        ("head of", "seniority", "head"),
        ("part-time", "employment_type", "part_time"),
        ("Teilzeit", "employment_type", "part_time"),
        ("internship", "employment_type", "internship"),
        ("Werkstudent", "employment_type", "internship"),
        ("stage", "employment_type", "internship"),
        ("contract", "employment_type", "contract"),
        ("freelance", "employment_type", "contract"),
        ("hybrid", "workplace", "hybrid"),
        ("remoto", "workplace", "remote"),
        ("zdalnie", "workplace", "remote"),
        ("télétravail", "workplace", "remote"),
        ("vor ort", "workplace", "onsite"),
        ("presencial", "workplace", "onsite"),
        ("Sr", "seniority", "senior"),
        ("medior", "seniority", "mid"),
        ("DE", "location", "DE"),  # an ISO code in capitals
        ("Deutschland", "location", "DE"),
        ("wien", "location", "Vienna"),
        ("worldwide", "location", "worldwide"),
        ("EU", "region", "EU"),
        ("Europe", "region", "Europe"),
        ("Entwickler", "title", "developer"),
        ("développeur", "title", "developer"),
        ("desarrollador", "title", "developer"),
        ("sviluppatore", "title", "developer"),
        ("programista", "title", "developer"),
        ("froentend", "role", "frontend"),  # the role vocabulary's own spelling tolerance
    ],
)
def test_vocabularies(q: str, field: str, value: str) -> None:
    assert (q, "field", field, value) in read(q)


@pytest.mark.parametrize("q", ["de", "in", "and", "AND", "it", "of", "the", "engineer manager"])
def test_short_and_common_words_are_no_places(q: str) -> None:
    assert not [term for term in read(q) if term[2] in ("location", "region")]


def test_a_word_known_otherwise_is_no_town() -> None:
    assert ("mobile", "field", "role", "mobile") in read("mobile")
    assert not [t for t in read("mobile") if t[2] == "location"]  # not Mobile, Alabama
    assert read("rust") == [("rust", "field", "hashtags", "rust")]


def test_several_readings_of_one_word() -> None:
    assert read("intern") == [("intern", "field", "seniority", "intern"), ("intern", "field", "employment_type", "internship")]
    # A run of words counts for what no part says alone: "python developer" is a backend role, python still a skill.
    fields = {(t[0], t[2], t[3]) for t in read("python developer")}
    assert {("python", "hashtags", "python"), ("python developer", "role", "backend")} <= fields


def test_unknown_words_phrases_and_tags() -> None:
    assert read('payments "design system" #Go platform') == [
        ("payments", "field", "hashtags", "payments"),
        ("platform", "text", None, None),
        ("design system", "phrase", None, None),
        ("#Go", "tag", "hashtags", "go"),
    ]
    understood = understand('"modern C++" linux #golang')
    assert understood.phrases == ("modern C++",)
    assert understood.tags == (("#golang", "go"),)
    assert understood.words == ("linux",)


def test_literal_words_stay_text() -> None:
    assert read("rails remote", ("REMOTE",)) == [("rails", "field", "hashtags", "rails"), ("remote", "literal", None, None)]
    assert read("new york", ("york",)) == [("new", "text", None, None), ("york", "literal", None, None)]


def test_misspelled_skills() -> None:
    terms = understand("pyhton kubernets javascirpt").interpretation().terms
    tags = [(t.value, t.near) for t in terms if t.field == "hashtags"]
    assert tags == [("python", True), ("kubernetes", True), ("javascript", True)]
    assert not understand("python").interpretation().terms[0].near
    assert understand("jvaa").readings == ()  # four letters: no near misses


def test_typo_distance_and_edits() -> None:
    assert [typo_distance(w) for w in ("go", "java", "pyhon", "kotlins", "kubernets", "c++")] == [0, 0, 1, 1, 2, 0]
    assert edits("pyhton", "python", 1) == 1  # a swap of neighbours is one edit
    assert edits("kubernets", "kubernetes", 2) == 1
    assert edits("javascript", "typescript", 2) > 2
    assert edits("abc", "abcdef", 1) == 2  # stops as soon as it is over the limit


def test_prefix_is_the_last_word_unless_finished() -> None:
    assert understand("python dev").prefix == "dev"
    assert understand('python "dev"').prefix is None
    assert understand("python #django").prefix is None


def test_without_takes_the_words_out() -> None:
    assert without("senior Python berlin", "python") == "senior berlin"
    assert without("new york data", "New York") == "data"
    assert without("#django django", "#django") == "django"
    assert without("reacts react", "react") == "reacts"


def test_developer_words_are_role_nouns_of_the_title_vocabulary() -> None:
    assert all(has_role_noun(word) for word in DEVELOPER_WORDS)


def test_hostile_text_reads_as_words() -> None:
    for q in ['"foo AND (bar:*', "title:python OR *", "\\", '"', "🙂", "x" * 500, "#", "##", '""']:
        interpretation = understand(q).interpretation()
        assert all(t.text for t in interpretation.terms)


def test_job_nouns_of_another_language_ask_for_that_language() -> None:
    assert ("Entwickler", "field", "language", "de") in read("Entwickler")
    assert ("ontwikkelaar", "field", "language", "nl") in read("ontwikkelaar")
    assert not [t for t in read("developer") if t[2] == "language"]  # English is judged on content
    misspelled = understand("entwikler").interpretation().terms
    assert {(t.field, t.value, t.near) for t in misspelled} == {("title", "developer", True), ("language", "de", True)}


def test_a_skill_named_otherwise_is_also_matched_by_its_name() -> None:
    (k8s,) = [r for r in understand("k8s").readings if r.field == "hashtags"]
    assert k8s.text == "kubernetes"
    (python,) = understand("python").readings
    assert python.text is None


@pytest.mark.parametrize(
    ("q", "family"),
    [
        ("reactjs developer", "frontend"),  # the role rule sees "react developer"
        ("react.js developer", "frontend"),
        ("nodejs developer", "backend"),
        ("ror developer", "backend"),
        ("k8s", "devops"),  # as "kubernetes" is
        ("pyhton developer", "backend"),  # a misspelled skill too, marked near
    ],
)
def test_a_skill_spelled_otherwise_reads_as_the_role_its_own_name_does(q: str, family: str) -> None:
    roles = [r for r in understand(q).readings if r.field == "role"]
    assert [r.value for r in roles] == [family]
    assert roles[0].near == ("pyhton" in q)


def test_a_skill_spelled_as_named_adds_no_second_role_reading() -> None:
    # "python developer" found the role already; "kubernetes" is devops by its own name.
    assert [r.value for r in understand("python developer").readings if r.field == "role"] == ["backend"]
    assert [r.value for r in understand("kubernetes").readings if r.field == "role"] == ["devops"]


@pytest.mark.parametrize("word", ["scale", "reach", "make", "build", "support", "design"])
def test_a_common_word_is_never_a_misspelled_skill(word: str) -> None:
    assert not [r for r in understand(word).readings if r.near]
    assert not [r for r in understand(f"{word} remote").readings if r.near]


def test_a_misspelled_skill_stays_text_in_full() -> None:
    """A word read as a near miss may be a real word the vocabularies lack ("shift" for #swift): its text counts whole."""
    read = understand("kubernets remote")
    assert read.readings[0].near and read.readings[0].text == "kubernetes"
    assert read.known == frozenset({1})


@pytest.mark.parametrize("q", ["nice", "split", "reading", "more", "part", "come", "roles", "a nice team", "split payments"])
def test_an_everyday_word_in_lower_case_is_no_town(q: str) -> None:
    assert not [t for t in read(q) if t[2] in ("location", "region")]


@pytest.mark.parametrize(
    ("q", "word", "town"),
    [
        ("Nice", "Nice", "Nice"),  # capitalized
        ("python Split", "Split", "Split"),
        ("jobs in split", "split", "Split"),  # after a place cue
        ("developer bei nice", "nice", "Nice"),
        ("split croatia", "split", "Split"),  # next to a country
        ("python berlin", "berlin", "Berlin"),  # a town that is no everyday word needs neither
        ("entwickler münchen", "münchen", "Munich"),
    ],
)
def test_a_town_named_by_an_everyday_word_needs_a_capital_or_a_cue(q: str, word: str, town: str) -> None:
    assert (word, "field", "location", town) in read(q)


@pytest.mark.parametrize(
    ("q", "languages"),
    [("télétravail", "fr"), ("thuiswerken", "nl"), ("zdalnie", "pl"), ("remoto", "es,it,pt"), ("Teilzeit", "de")],
)
def test_a_workplace_or_employment_word_of_another_language_asks_for_that_language(q: str, languages: str) -> None:
    assert (q, "field", "language", languages) in read(q)


def test_english_workplace_words_ask_for_no_language() -> None:
    for q in ("remote", "hybrid", "part-time", "internship"):
        assert not [t for t in read(q) if t[2] == "language"], q


@pytest.mark.parametrize(
    ("typed", "skill"),
    [
        ("pyhton", "python"),  # two letters swapped
        ("kubernets", "kubernetes"),  # one left out
        ("djnago", "django"),
        ("pytjon", "python"),  # a key beside the right one
        ("kotiln", "kotlin"),
        ("typescirpt", "typescript"),
    ],
)
def test_slips_of_the_fingers_are_near_misses(typed: str, skill: str) -> None:
    assert [(r.value, r.near) for r in understand(typed).readings if r.field == "hashtags"] == [(skill, True)]


@pytest.mark.parametrize("word", ["shift", "sigma", "string", "flash", "spare", "locker", "expel"])
def test_a_word_one_far_key_from_a_skill_is_another_word(word: str) -> None:
    """Not "swift" mistyped: h and w are far apart, and "shift" is a word."""
    assert not understand(word).readings


def test_a_misspelled_job_noun_reads_as_the_noun_spelled_right() -> None:
    """Its reading matches the right spelling as text, so the misspelling's own text counts only a share, as a
    job noun typed right does."""
    read = understand("frontend devloper")
    (noun,) = [r for r in read.readings if r.field == "title"]
    assert noun.near and noun.text == "developer"
    assert read.known == frozenset({0, 1})


# ------------------------------------------------------------------ the third round: what real searchers type


@pytest.mark.parametrize(
    "word",
    # Real words one slip from a skill's name, which postings use (issue 14): another first letter ("entry", "query"),
    # a name that only extends the word ("fluent", "signal", "system"), another last letter ("sprint", "systems"), a
    # vowel the name lacks ("testing", "solar"), a far replacement in a long word ("scripting", "information").
    [
        "sprint",
        "entry",
        "query",
        "trust",
        "suite",
        "fluent",
        "signal",
        "system",
        "systems",
        "testing",
        "solar",
        "vertex",
        "embed",
        "scripting",
        "information",
        "electric",
        "interior",
        "database",
        "warehouse",
    ],
)
def test_a_real_word_is_no_misspelled_skill(word: str) -> None:
    assert not [r for r in understand(word).readings if r.near], understand(word).readings


@pytest.mark.parametrize(
    ("typed", "skill"),
    [
        ("androd", "android"),
        ("fluter", "flutter"),
        ("javscript", "javascript"),
        ("typscript", "typescript"),
        ("reactt", "react"),
        ("javascrpit", "javascript"),
    ],
)
def test_slips_the_old_rules_missed_are_near_misses(typed: str, skill: str) -> None:
    assert (skill, True) in [(r.value, r.near) for r in understand(typed).readings if r.field == "hashtags"]


def test_a_word_read_as_typed_is_no_misspelling_of_another() -> None:
    """ "entry level" is a seniority: "entry" is not also #sentry mistyped."""
    assert read("entry level developer")[:1] == [("entry level", "field", "seniority", "junior")]
    assert not [r for r in understand("entry level developer").readings if r.near]


def test_androd_is_the_skill_its_mended_role_names() -> None:
    """The role rules mend "androd" to mobile themselves; the near skill is added when it names the same role."""
    readings = {(r.field, r.value, r.near) for r in understand("androd").readings}
    assert {("role", "mobile", False), ("hashtags", "android", True)} <= readings


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("engineers", ("engineers", "field", "title", "developer")),  # a plural, read as typed right
        ("developers", ("developers", "field", "title", "developer")),
        ("payment", ("payment", "field", "hashtags", "payments")),  # the singular of a skill named in the plural
        ("algorithm", ("algorithm", "field", "hashtags", "algorithms")),
        ("vue3", ("vue3", "field", "hashtags", "vue")),  # a major version run together with the name
        ("php8", ("php8", "field", "hashtags", "php")),
        (".net", (".net", "field", "hashtags", ".net")),  # a leading dot kept for a skill named so
        ("ux", ("ux", "field", "hashtags", "ux-design")),
    ],
)
def test_inflections_versions_and_punctuation_name_the_skill(q: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in read(q)
    assert not [r for r in understand(q).readings if r.near]


def test_job_abbreviations_read_as_the_words_they_stand_for() -> None:
    (swe,) = understand("swe").readings
    assert (swe.field, swe.value, swe.text) == ("title", "developer", JOB_ABBREVIATIONS["swe"])
    assert ("dev", "field", "title", "developer") in read("ios dev")
    assert ("eng manager", "field", "role", "management") in read("eng manager")
    assert ("python dev", "field", "role", "backend") in read("python dev")


def test_feminine_and_compound_job_nouns_read_as_the_noun() -> None:
    assert all(has_role_noun(word) and masculine in DEVELOPER_WORDS for word, masculine in FEMININE_DEVELOPER_WORDS.items())
    feminine = {(r.field, r.value, r.text) for r in understand("développeuse").readings}
    assert feminine == {("title", "developer", "développeur"), ("language", "fr", None)}
    for compound in ("Softwareentwickler", "javaentwickler", "softwareontwikkelaar"):
        fields = {(r.field, r.value) for r in understand(compound).readings}
        assert ("title", "developer") in fields and {f for f, _ in fields} == {"title", "language"}, compound
    assert not [t for t in read("ml engineer") if t[2] == "language"]  # words apart are no compound


def test_hyphenated_words_read_as_their_parts_unless_a_vocabulary_names_them_whole() -> None:
    assert read("Python-Entwickler")[0] == ("Python", "field", "hashtags", "python")
    assert ("Entwickler", "field", "language", "de") in read("Python-Entwickler")
    assert read("home-office") == [("home-office", "field", "workplace", "remote")]  # shown as typed
    assert [t[3] for t in read("senior-backend-engineer") if t[1] == "field"] == ["senior", "backend", "developer"]
    for whole in ("ci-cd", "e-commerce", "co-op", "Clermont-Ferrand"):
        assert understand(whole).words == (whole,), whole
    assert without("part-time python", "part time") == "python"


@pytest.mark.parametrize("q", ["DevOps (m/w/d) München", "devops m/f/d münchen", "DevOps (w/m/d) München", "devops H/F münchen"])
def test_a_gender_marker_is_no_word(q: str) -> None:
    assert [w.lower() for w in understand(q).words] == ["devops", "münchen"]
    assert understand("c/c++").words == ("c", "c++")  # a skill is no marker
    assert read("A/B testing") == [("AB testing", "field", "hashtags", "ab-testing")]  # a skill's name begins so


def test_a_field_name_before_a_colon_is_no_word() -> None:
    assert understand("title:python").words == ("python",)
    assert understand("company:acme berlin").words == ("acme", "berlin")
    assert understand("ratio:python").words == ("ratio", "python")  # only names a search field


def test_a_level_named_by_a_whole_phrase_covers_its_words() -> None:
    """ "mid level" names the level as a whole, so "level" is no text to rank by ("Mid-level DevOps" for "mid level
    java"); a word that only sits next to a level or a role stays text."""
    assert read("mid level java") == [("mid level", "field", "seniority", "mid"), ("java", "field", "hashtags", "java")]
    assert ("accountant", "text", None, None) in read("senior accountant")
    assert [t[1] for t in read("offshore wind data")] == ["text", "text", "field"]


def test_a_region_matches_the_remote_postings_open_to_it() -> None:
    """ "remote europe" ranks a posting remote across Europe or the EMEA by the region key ``location_keys`` gives it."""
    (region,) = [r for r in understand("remote europe").readings if r.field == "region"]
    assert {"de", "pl", "eu", "europe", "emea"} <= set(region.keys) and "us" not in region.keys
    (latam,) = [r for r in understand("remote latam").readings if r.field == "region"]
    assert {"latam", "americas"} <= set(latam.keys) and "europe" not in latam.keys
    posting = make("r1", "Backend Engineer", workplace=["remote"])
    posting.location.remote_scope = "EMEA"
    assert set(location_keys(posting)) == {"remote", "emea"}
    posting.location.remote_scope = "PL"  # a country scope keys nothing more: the country is a place of its own
    assert set(location_keys(posting)) == {"remote"}


def test_words_of_the_job_search_count_a_share_and_ask_for_their_language() -> None:
    """ "jobs", "vacature", "empleo" name no field and most postings could say them: their text counts only a share
    (the posting that says "jobs" most is no better answer), and one of another language asks for that language."""
    read_jobs = understand("python jobs berlin")
    assert read_jobs.words == ("python", "jobs", "berlin") and 1 in read_jobs.known
    assert ("vacature", "field", "language", "nl") in read("vacature frontend developer")
    assert ("empleo", "field", "language", "es") in read("empleo python madrid")
    assert not [t for t in read("hiring python") if t[2] == "language"]


def test_a_skill_also_matches_the_narrower_skills_of_its_category_named_with_it() -> None:
    """A posting tagged #digital-marketing or #aws-lambda says "marketing" or "aws" too; the filter stays the skill."""
    (marketing,) = [r for r in understand("marketing").readings if r.field == "hashtags"]
    assert marketing.value == "marketing" and {"marketing", "digital-marketing", "growth-marketing"} <= set(marketing.keys)
    (ux,) = [r for r in understand("ux").readings if r.field == "hashtags"]
    assert {"ux-design", "ui-ux"} <= set(ux.keys)
    assert [r.keys for r in understand("react").readings if r.field == "hashtags"] == [("react",)]  # react-native: mobile
    assert [r.keys for r in understand("java").readings if r.field == "hashtags"] == [("java",)]


@pytest.mark.parametrize(
    ("q", "typed", "amount", "currency", "rest"),
    [
        ("python 80k", "80k", 80000, None, ("python",)),
        ("backend 100k+", "100k+", 100000, None, ("backend",)),
        ("€70,000 berlin", "€70,000", 70000, "EUR", ("berlin",)),
        ("data engineer 120K remote", "120K", 120000, None, ("data", "engineer", "remote")),
        ("junior 45k", "45k", 45000, None, ("junior",)),
        ("70.000 EUR frontend", "70.000 EUR", 70000, "EUR", ("frontend",)),
        ("70k€ remote", "70k€", 70000, "EUR", ("remote",)),
        ("$150,000 golang", "$150,000", 150000, "USD", ("golang",)),
        ("java 80-100k", "80-100k", 80000, None, ("java",)),  # a range: its low end is the wish
        ("rust 62.5k", "62.5k", 62500, None, ("rust",)),
        ("devops 120000", "120000", 120000, None, ("devops",)),
    ],
)
def test_a_salary_wish_is_read_and_is_no_word(
    q: str, typed: str, amount: float, currency: str | None, rest: tuple[str, ...]
) -> None:
    read_q = understand(q)
    assert read_q.salary is not None
    assert (read_q.salary.typed, read_q.salary.amount, read_q.salary.currency) == (typed, amount, currency)
    assert read_q.words == rest
    term = next(t for t in read_q.interpretation().terms if t.field == "salary")
    assert (term.text, term.kind, term.value, term.filterable) == (typed, "field", str(amount), True)


@pytest.mark.parametrize("q", ["python 3", "jobs 2026", "10115 berlin", "c++ 20", "5k", "401k", "vue3", "h1b 2000"])
def test_a_version_a_year_a_postcode_or_a_small_number_is_no_salary(q: str) -> None:
    assert understand(q).salary is None


def test_a_salary_asked_to_stay_text_is_text() -> None:
    read_q = understand("python 80k", literal=("80k",))
    assert read_q.salary is None and read_q.words == ("python", "80k")


def test_a_city_abbreviation_reads_as_the_city_the_parsers_know() -> None:
    assert read("nyc data engineer")[0] == ("nyc", "field", "location", "New York City")
    assert read("sf devops")[0] == ("sf", "field", "location", "San Francisco")
    assert ("LA", "field", "location", "Los Angeles") in read("frontend LA")
    # "la" is an article in three languages: lower case, a city only after a place cue or ending English job words.
    assert ("la", "field", "location", "Los Angeles") in read("jobs in la")
    assert read("senior frontend la")[-1] == ("la", "field", "location", "Los Angeles")
    for q in ("desarrollador la", "la casa", "python la mer", "développeur la", "la"):
        assert not any(t[2] == "location" for t in read(q)), q
    assert read("frontend la", literal=("la",))[-1] == ("la", "literal", None, None)
    assert ("la coruña", "field", "location", "A Coruña") in read("trabajo la coruña")
