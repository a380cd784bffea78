"""The company name, when a posting's text is all there is.

Real postings introduce the employer in a handful of ways, in every language: a label ("Company:",
"Firma:"), the title line ("Founding Engineer at Acme"), a byline under it ("**Acme** · Berlin"), an
"About Acme" heading, "Join Acme", "Acme is hiring", a legal name ("Acme GmbH"), the first words after an
"about us" heading, and last the e-mail or careers domain. Each rule is tried in that order of trust.

What a rule finds must look like a name: never a pronoun or preposition of any language, and, when only a
sentence's opening put it there, neither an imperative ("Run technical demos ...") nor frequent words
("Licensed nurses ...", "Vi söker ...") of parsers/data/common_words.yaml, unless the text names it again
inside a sentence or in its e-mail or careers domain ("Wise", "Bending Spoons" stay names).
"""

from __future__ import annotations

import re
from functools import lru_cache

from parsers import values
from parsers.infer.scan import LABEL_SPLIT, lower_cached, occurrences
from parsers.infer.title import has_role_noun, is_title_noise
from parsers.infer.vocabulary import languages_of, lowered, pattern, words

# The words of every rule here come from parsers/data/companies.yaml, one list per concept in eight languages.
_COMPANY_LABEL = re.compile(
    rf"^\s*(?:[-*•·]\s+)?(?:\*\*)?(?:{pattern('companies', 'company_labels')})(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# Words that introduce the employer by name. "About Acme" only as a heading (the word "over" or "about"
# inside a sentence is no introduction); "Join Acme" anywhere; "We are Acme," only with the comma or
# full stop that closes a name ("we are Python people" is no name); "Bei **Acme**" only in bold.
_INTRO = re.compile(
    rf"^[ \t]{{0,3}}(?:#{{1,4}}[ \t]*)?(?:\*\*)?(?:{pattern('companies', 'about')})[ \t]+"
    rf"|(?<![^\s>*#])(?:{pattern('companies', 'join')})\s+(?:\*\*)?"
    rf"|(?<![^\s>*#])(?P<closed>{pattern('companies', 'we_are')})\s+(?:\*\*)?"
    rf"|(?<![^\s>])(?:{pattern('companies', 'at')})\s+\*\*",
    re.IGNORECASE | re.MULTILINE,
)
_HIRING_AFTER = re.compile(rf"(?:{pattern('companies', 'hiring_after')})(?![\w])", re.IGNORECASE)
# "Acme is a ...", "Die Acme GmbH ist ein ...": a sentence that opens with the employer.
_COPULA = pattern("companies", "copulas")
_SUBJECT = re.compile(
    rf"(?:{_COPULA})\s+(?:{pattern('companies', 'articles')})\s"
    rf"|(?:{_COPULA})\s+(?:\d|[\w-]+\s+(?:{pattern('companies', 'company_nouns')}))",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(rf"(?:^|[.!?]\s)(?i:{pattern('companies', 'at')})\s+(?=[A-ZÀ-ÖØ-ÞĀ-Ž0-9])", re.MULTILINE)
# Where _SENTENCE_START can match: at a full stop, "!" or "?" before a space and one of its words, or at a line
# start before one (the line's "\n" is what the scan finds). The scan skips to those four characters in C.
_SENTENCE_AT = re.compile(rf"[.!?\n](?=(?<=\n)(?i:{pattern('companies', 'at')})\s|(?<!\n)\s(?i:{pattern('companies', 'at')})\s)")
# Cheap tests that say where _INTRO could match: an "about" word opening a line, or a "join" or "we are"
# phrase (or bold marks) anywhere in it; the regex then runs on those lines only.
_ABOUT_STARTS = tuple(word.lower() for word in words("companies", "about"))
_INTRO_TRIGGERS = tuple(
    dict.fromkeys([phrase.lower() for key in ("join", "we_are") for phrase in words("companies", key)] + ["**"])
)


# Where on such a line a match of _INTRO's "join", "we are" or "at **" can start: after a space, ">", "*" or "#",
# at one of those words and the space after it. Run on the lowered text, case-sensitive (the case-insensitive
# lookahead costs twice as much), where the two letters that _INTRO's case-insensitive "i" and "s" also match
# ("ı", "ſ") are made "i" and "s"; the scan skips to the characters of its opening class in C.
_INTRO_AT = re.compile(
    rf"[\s>*#](?=(?:{pattern('companies', 'join')}|{pattern('companies', 'we_are')})\s|(?:{pattern('companies', 'at')})\s+\*\*)"
)
_CASE_FOLDS = str.maketrans({"ı": "i", "ſ": "s"})
_BACKERS = re.compile(r"\s*\([^()]{1,30}\)\s*$")
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-ÞĀ-Ž])")
_ABOUT_US = re.compile(
    rf"^\s{{0,3}}(?:#{{1,4}}\s*)?(?:\*\*)?(?:{pattern('companies', 'about_us')})\s*\??\s*:?\s*(?:\*\*)?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_LEGAL_FORM = pattern("companies", "legal_forms")
_LEGAL = re.compile(rf"((?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w&'’.-]*[ \t]+){{1,4}}(?:{_LEGAL_FORM}))(?![\w])")
# What every match of _LEGAL holds: a legal form after a space or tab. The search for it skips to those two
# characters in C, where _LEGAL tries its words at every capital letter; only a text holding one runs _LEGAL.
_LEGAL_GATE = re.compile(rf"[ \t](?:{_LEGAL_FORM})(?![\w])")
_ARTICLES = lowered("companies", "articles") | lowered("companies", "at")
_CONNECTORS = lowered("companies", "connectors")
# The first word of a name is never a pronoun, article or preposition of any language, nor a posting word.
_NOT_NAMES = lowered("companies", "not_names") | lowered("common_words", "function_words")
# Words of a sentence rather than a name: a name found only because a sentence opens with it must not be one
# of these (parsers/data/common_words.yaml), unless the text names it elsewhere.
_IMPERATIVES = lowered("common_words", "imperatives")
_FREQUENT = lowered("common_words", "frequent_words") | _IMPERATIVES
# An English participle opening a sentence: "Licensed nurses ...", "Motivated engineers ...".
_PARTICIPLE = re.compile(r"^[A-Z][a-z]{3,}(?<!e)ed$")
# A short clause with a year or a count before the name: "Founded in 2015, ", "Depuis 2012, ", "With 200 staff, ".
_DATED_CLAUSE = re.compile(r"^(?=[^,]{0,60},)(?:[^\s,]+\s+){0,5}?[^\s,]*\d[^\s,]*(?:\s+[^\s,]+){0,4}?,\s+")
# The function words only English has ("the", "our", "and"): a line holding one is English.
_ENGLISH_ONLY = frozenset(
    word for word, languages in languages_of("common_words", "function_words").items() if languages == frozenset({"en"})
)
_OPENERS = lowered("companies", "sentence_openers") | lowered("companies", "unnamed_employers")
_WE = re.compile(rf"(?:{pattern('companies', 'we')})(?![\w])", re.IGNORECASE)
_STOP_AFTER = lowered("titles", "title_stop_words") - lowered("companies", "copulas")
_TEAM_BEFORE = re.compile(rf"^(?:{pattern('companies', 'team_before')})\s+", re.IGNORECASE)
_SIGNATURE_DEPARTMENT = re.compile(rf"^(?:{pattern('companies', 'signature_departments')})$", re.IGNORECASE)
_SIGNATURE_SPLIT = re.compile(r"\s*(?:,|\s@|\s[|–—·-])\s+")
_TEAM_AFTER = re.compile(rf"[\s-](?:{pattern('companies', 'team_after')})\W*$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_URL = re.compile(r"https?://(?:www\.|jobs\.|careers\.|karriere\.|apply\.)?([\w-]+(?:\.[\w-]+)+)")
_GENERIC_DOMAINS = lowered("companies", "generic_domains")
_SECOND_LEVEL = lowered("companies", "second_level_domains")


def _name_run(text: str, places: bool = False) -> str | None:
    """The capitalised words at the start of ``text``: "Merlion Labs and design ..." gives "Merlion Labs"."""
    return _line_name_run(text.split("\n", 1)[0], places)


@lru_cache(maxsize=512)
def _line_name_run(line: str, places: bool) -> str | None:
    """``_name_run`` of one line, kept: the rules ask again about the same lines and sentences."""
    legal = _LEGAL.match(line.lstrip("* "))
    if legal:  # a legal name, its form included: "Acme Sp. z o.o.", "Acme S.A."
        parts = legal.group(1).split()
        return " ".join(parts[1:] if parts[0].lower() in _ARTICLES else parts)
    words: list[str] = []
    for raw in line.split(None, 8)[:8]:  # the first eight words, without splitting the rest
        word = raw.strip('*,;:!?()"“”«»')
        if not word:
            break
        if word[:1].isupper() or (word[:1].isdigit() and words) or word in ("&",) or (words and word.lower() in _CONNECTORS):
            words.append(word.rstrip("."))
            if raw.rstrip("*").endswith((",", ";", ":", "!", "?", ")", ".")) and not re.search(r"\b[A-Z]\.$", raw):
                break
        else:
            break
    while words and words[-1].lower() in _CONNECTORS:
        words.pop()
    if words and words[0].lower() in _ARTICLES and len(words) > 1:
        words.pop(0)
    name = " ".join(words)
    return name if _plausible(name, places) else None


def _plausible(name: str | None, places: bool) -> bool:
    """A name, not a pronoun, a role or a contract term; nor a place where one is expected (a byline)."""
    if not name or len(name) < 2 or len(name.split()) > 5:
        return False
    words = name.split()
    # "TU Delft" opens with an acronym, not with the pronoun "tu".
    if name.lower() in _NOT_NAMES or (words[0].lower() in _NOT_NAMES and not (words[0].isupper() and len(words) > 1)):
        return False
    if has_role_noun(name) or is_title_noise(name, places):
        return False
    return True


def _from_title_line(line: str) -> str | None:
    """'Founding Engineer at Acme', 'Content Lead — Acme (LA)': the company glued to the title."""
    line = line.strip(" #*\t")
    match = re.search(r"\s+(?:at|@|[–—|])\s+(.+)$", line)
    if not match or not has_role_noun(line[: match.start()]):
        return None
    tail = re.sub(r"\s*\([^)]*\)\s*$", "", match.group(1)).strip(" *")
    return tail if tail and _name_run(tail, places=True) == tail else None


def _from_byline(line: str) -> str | None:
    """'**Acme** · Berlin · Hybrid' or 'Acme | Sydney NSW | Full time': the first part of a byline."""
    parts = re.split(r"\s+[·|•–—]\s+", line.strip())
    if len(parts) < 2:
        return None
    first = parts[0].strip(" *")
    return first if _name_run(first, places=True) == first else None


def _from_domain(text: str) -> str | None:
    """The e-mail or careers domain's name: 'jobs@acme-labs.de' gives 'Acme Labs'."""
    for name in _domain_names(text):
        return " ".join(part.capitalize() for part in name.split("-"))
    return None


def _domain_names(text: str) -> list[str]:
    """The names of the e-mail and careers domains of ``text`` that could be an employer's ("acme-labs")."""
    names: list[str] = []
    domains: list[str] = []
    at = text.find("@")
    while at != -1 and len(domains) < 5:  # the regex runs only around an "@", not over the whole text
        match = _EMAIL.search(text, max(0, at - 64), at + 100)
        if match:
            domains.append(match.group(1))
        at = text.find("@", at + 1)
    if "http" in text:
        domains.extend(_URL.findall(text))
    for domain in domains:
        labels = domain.lower().split(".")
        if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
            labels = labels[:-1]
        name = labels[-2] if len(labels) >= 2 else labels[0]
        if name in _GENERIC_DOMAINS or len(name) < 3:
            continue
        names.append(name)
    return names


def _ordinary(name: str, text: str) -> bool:
    """Whether ``name``, found only because a sentence opens with it, reads as the sentence's own words.

    An imperative ("Run technical demos ..."), or a single frequent word or participle ("Licensed nurses ...",
    "Experienced mechanics ..."), of any language. The text can still show it is a name: where it appears
    again inside a sentence ("everyone at Help Scout") or as the e-mail or careers domain.
    """
    words = name.split()
    first = words[0].lower()
    if (
        first not in _IMPERATIVES
        and not (len(words) == 1 and _plural_subject(name, text))
        and not all(_frequent(word) for word in words)  # "Licensed", "Kleine Teams"
    ):
        return False
    return not _named_elsewhere(name, text)


def _plural_subject(name: str, text: str) -> bool:
    """An English plural noun as a sentence's subject: "Cleaners needed ...", "Pharmacists dispense ...".

    A name takes a verb in "-s" ("Siemens develops", "Philips is"); a plural takes one without ("dispense",
    "needed"). Only on an English line: other languages conjugate otherwise.
    """
    low = name.lower()
    if not low.endswith("s") or low.endswith(("ss", "us", "is")):
        return False
    at = text.find(name)
    line = text[at : text.find("\n", at) if "\n" in text[at:] else len(text)]
    after = line[len(name) :].split()
    if not after or not after[0][:1].islower() or after[0].rstrip(",.").endswith("s"):
        return False
    return any(word.lower().strip(",.;:") in _ENGLISH_ONLY for word in after[:12])


def _frequent(word: str) -> bool:
    """A frequent word of any language, in the singular or plural ("Candidates"), or an English participle."""
    low = word.lower()
    if low in _FREQUENT or _PARTICIPLE.match(word):
        return True
    if low.endswith("ies") and low[:-3] + "y" in _FREQUENT:  # "Responsibilities"
        return True
    return any(low.endswith(end) and low[: -len(end)] in _FREQUENT for end in ("s", "es", "en", "n", "i", "e"))


def _named_elsewhere(name: str, text: str) -> bool:
    """``name`` inside a sentence somewhere in ``text`` (after a word or a comma), or as a domain's name."""
    for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
        before = text[max(0, match.start() - 8) : match.start()].rstrip(' \t*_"“(')
        if before and (before[-1].isalnum() or before[-1] in ",;"):
            return True
    squeezed = name.lower().replace(" ", "")
    return any(domain.replace("-", "") == squeezed for domain in _domain_names(text))


def _intros(head: str, text: str) -> list[re.Match[str]]:
    """The matches of _INTRO in ``head`` (the start of ``text``), in order, found by running it only on lines
    holding a trigger word.

    The lines are read from the trigger table of ``text`` that the other passes share (scan.py). On such a line
    _INTRO is tried only where a match can start: the line's start, and the word starts that _INTRO_AT finds (a
    cheap scan, where _INTRO itself would try its four alternations at every character). Trying those positions
    in order, each after the end of the last match, gives what ``finditer`` gives.
    """
    low = lower_cached(text)
    if len(low) == len(text):  # then its start is the lower case of ``head`` (but for a final sigma: no trigger)
        table = occurrences(low, _INTRO_TRIGGERS)
        low = low[: len(head)]
    else:
        low = head.lower()
        if len(low) != len(head):
            return list(_INTRO.finditer(head))
        table = occurrences(low, _INTRO_TRIGGERS)
    starts: set[int] = set()
    for trigger in _INTRO_TRIGGERS:  # the lines holding a trigger phrase (none spans a line end)
        for at in table.get(trigger, ()):
            if at + len(trigger) > len(head):
                break
            starts.add(low.rfind("\n", 0, at) + 1)
    position = 0
    for line in low.split("\n"):
        if line.lstrip(" \t#*").startswith(_ABOUT_STARTS):
            starts.add(position)
        position += len(line) + 1
    if not starts:
        return []
    if "ı" in low or "ſ" in low:  # rare: str.translate is slow
        low = low.translate(_CASE_FOLDS)
    found: list[re.Match[str]] = []
    for start in sorted(starts):
        end = head.find("\n", start)
        end = len(head) if end == -1 else end
        after = start
        for point in (start, *[scan.end() for scan in _INTRO_AT.finditer(low, start, end)]):
            if point < after:
                continue
            match = _INTRO.match(head, point, end)
            if match:
                found.append(match)
                after = match.end()
    return found


def _sentence_starts(head: str) -> list[re.Match[str]]:
    """``_SENTENCE_START.finditer(head)``, tried only at the start and where _SENTENCE_AT says a match can start."""
    found: list[re.Match[str]] = []
    after = 0
    points = (0, *[scan.start() + (head[scan.start()] == "\n") for scan in _SENTENCE_AT.finditer(head)])
    for point in points:
        if point < after:
            continue
        match = _SENTENCE_START.match(head, point)
        if match:
            found.append(match)
            after = match.end()
    return found


def _from_piped_header(line: str) -> str | None:
    """The first part of "Acme | Senior Engineer | Leeds | Hybrid" when it names no role, place or terms."""
    parts = [part.strip(" *") for part in line.split(" | ")]
    if len(parts) < 3 or not any(has_role_noun(part) for part in parts[1:]):
        return None
    first = _BACKERS.sub("", parts[0]).strip()  # "Acme (YC W24)"
    if not first or has_role_noun(first) or is_title_noise(first):
        return None
    found = _name_run(first)
    return found if found == first else None


def company_from_text(text: str) -> str | None:
    """The employer's name as the posting introduces it; None when nothing names it (or a placeholder does)."""
    match = _COMPANY_LABEL.search(text[:6000])
    if match:
        value = LABEL_SPLIT.split(match.group(1))[0].strip(" *")
        return None if not value or values.is_placeholder(value) else value
    head = text[:3000]  # an employer is introduced near the top; the domain rule below reads all of it
    lines = [line for line in head.splitlines() if line.strip()]
    if lines:
        found = _from_title_line(lines[0]) or _from_piped_header(lines[0])
        if found:
            return found
    for line in lines[1:4]:
        found = _from_byline(line)
        if found:
            return found
    for intro in _intros(head, text):
        found = _name_run(head[intro.end() : intro.end() + 120])
        if found and intro.group("closed"):
            after = head[intro.end() :].lstrip("* ")
            after = after[after.find(found) + len(found) :].lstrip("*")
            found = found if after[:1] in (",", ".", ";", "!", "") else None
        if found:
            return found
    for line in lines[:12]:
        # Each sentence of the line: "Hi all! Acme is looking for ..." names Acme in its second.
        for sentence in _SENTENCES.split(line.strip(" #*")):
            found = _name_run(sentence)
            after = sentence[sentence.find(found) + len(found) :].lstrip("* ") if found else ""
            if found and _HIRING_AFTER.match(after) and not _ordinary(found, text):
                return found
    for start in _sentence_starts(head):
        found = _name_run(head[start.end() : start.end() + 120], places=True)
        after = head[start.end() + len(found) : start.end() + len(found) + 12] if found else ""
        if found and (after[:1] == "," or _WE.match(after.lstrip(" *"))):
            return found
    found = _from_opening(lines[:3], text)
    if found:
        return found
    for line in lines[:12]:
        line = line.strip(" #*")
        found = _name_run(line)
        # A paragraph that opens with the name, not a short line such as "Python is a plus".
        if (
            found
            and len(line) >= 40
            and _SUBJECT.match(line[line.find(found) + len(found) :].lstrip("* "))
            and not _ordinary(found, text)
        ):
            return found
    legal = _LEGAL.search(head) if _LEGAL_GATE.search(head) else None
    if legal:
        words = legal.group(1).split()
        return " ".join(words[1:] if words[0].lower() in _ARTICLES else words)
    for about in _ABOUT_US.finditer(head):
        paragraph = head[about.end() :].lstrip()
        found = _name_run(paragraph)
        if (
            found
            and len(paragraph) > len(found)
            and paragraph[len(found) :].lstrip(" *")[:1].islower()
            and not _ordinary(found, text)
        ):
            return found
    return _from_signature(text) or _from_domain(text)


def _from_opening(lines: list[str], text: str) -> str | None:
    """The first paragraph, opening with the employer: 'Acme builds ...', 'En Acme diseñamos ...', 'Acme, ESN de ...',
    or after a dated clause: 'Founded in 2015, Acme helps ...', 'Depuis 2012, Acme accompagne ...'."""
    for index, line in enumerate(lines):
        line = line.strip(" #*>\t")
        if len(line) < 40 or len(line.split()) < 6:
            continue
        found, final = _subject(line, text)
        clause = _DATED_CLAUSE.match(line) if found is None else None
        if clause:
            found, final = _subject(line[clause.end() :], text)
        if found:
            return found
        if final or index > 0:
            return None
        # A long title line failed: the paragraph may follow.
    return None


def _subject(line: str, text: str) -> tuple[str | None, bool]:
    """The employer's name opening ``line`` as its subject, and whether a failure is final for the paragraph.

    The words after the name must read as its verb, apposition or possessed noun (not "for", "to" ...); the
    name must not open with an imperative nor be frequent words of any language ("Run technical demos ...",
    "Licensed nurses ...") unless the text names it elsewhere; and a single capitalised word must not be an
    ordinary word: one that the text also writes in lower case ("Looking for ..."), or one that opens
    sentences ("Ready to ...", "Senior role ...").
    """
    found = _name_run(line, places=True)
    rest = line[line.find(found) + len(found) :].lstrip("*") if found else ""
    if found and found.endswith(("'s", "’s")) and len(found) > 4:  # "Acme’s engineering team ..."
        found = found[:-2]
    nxt = rest.split(None, 1)[0] if rest.strip() else ""
    if (
        not found
        or not (rest.startswith(",") or (rest[:1] == " " and nxt[:1].islower() and nxt.lower().strip(",.") not in _STOP_AFTER))
        or _ordinary(found, text)
    ):
        return None, False
    first = found.split()[0].lower()
    if first in _OPENERS or (len(found.split()) == 1 and re.search(rf"(?<![\w]){re.escape(first)}(?![\w])", text) is not None):
        return None, True
    # A skill ("Python, Django and ..."), or a compound of a name and a common word ("Berlin-based").
    if _is_skill(found) or re.search(r"-[a-zà-ÿ]", found):
        return None, True
    return found, True


def _is_skill(name: str) -> bool:
    from parsers.skills import vocabulary  # late: the skills module imports this package

    return vocabulary().known(name) is not None


def _from_signature(text: str) -> str | None:
    """A team signature in the last lines: "The Acme team", "L'équipe Acme", "Zespół Acme"."""
    for line in text.rstrip().splitlines()[-4:][::-1]:
        line = line.strip(" -—–*_>\t")
        if not line or len(line) > 60:
            continue
        before = _TEAM_BEFORE.match(line)
        if before:
            found = _name_run(line[before.end() :], places=True)
            if found:
                return found
        parts = _SIGNATURE_SPLIT.split(line)
        if len(parts) == 2 and (has_role_noun(parts[0]) or _SIGNATURE_DEPARTMENT.match(parts[0].strip())):
            found = _name_run(parts[1], places=True)  # "Head of People, Acme", "RH – Acme"
            if found and found == parts[1].strip(" .*"):
                return found
        after = _TEAM_AFTER.search(line)
        if after:
            head = line[: after.start()].strip()
            found = _name_run(head, places=True)
            if found and head.endswith(found):
                return found
    return None
