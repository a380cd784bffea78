"""Reading a search's free text with the parsers' vocabularies (``index.understand``): pure, no index."""

from __future__ import annotations

import pytest

from index.understand import DEVELOPER_WORDS, edits, typo_distance, understand, without
from parsers.infer.title import has_role_noun


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
