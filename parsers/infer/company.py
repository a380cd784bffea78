"""The company name, when a posting's text is all there is.

Real postings introduce the employer in a handful of ways, in every language: a label ("Company:",
"Firma:"), the title line ("Founding Engineer at Acme"), a byline under it ("**Acme** · Berlin"), an
"About Acme" heading, "Join Acme", "Acme is hiring", a legal name ("Acme GmbH"), the first words after an
"about us" heading, and last the e-mail or careers domain. Each rule is tried in that order of trust.
"""

from __future__ import annotations

import re

from parsers.infer.scan import LABEL_SPLIT
from parsers.infer.title import has_role_noun, is_title_noise

_COMPANY_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:company(?:\s+name)?|employer|organi[sz]ation|unternehmen|arbeitgeber|firma|entreprise|"
    r"soci[ée]t[ée]|employeur|empresa|empregador|bedrijf|werkgever|organisatie|azienda|pracodawca)(?:\*\*)?"
    r"\s*:\s*(?:\*\*)?\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_PLACEHOLDER = re.compile(r"^\s*[\[{<].*[\]}>]\s*$")
# Words that introduce the employer by name, per language: "About Acme", "Join Acme", "We are Acme".
# Words that introduce the employer by name. "About Acme" only as a heading (the word "over" or "about"
# inside a sentence is no introduction); "Join Acme" anywhere; "We are Acme," only with the comma or
# full stop that closes a name ("we are Python people" is no name); "Bei **Acme**" only in bold.
_INTRO = re.compile(
    r"^[ \t]{0,3}(?:#{1,4}[ \t]*)?(?:\*\*)?(?:about|[üu]ber|[àa]\s+propos\s+d[e']|sobre(?:\s+[ao])?|over|chi\s+[èe])[ \t]+"
    r"|(?<![^\s>*#])(?:join|rejoignez|rejoins|[úu]nete\s+a|junte-se\s+(?:[àa]|ao)|unisciti\s+a|dołącz\s+do|"
    r"kom\s+bij|werde\s+teil\s+von|verst[äa]rke)\s+(?:\*\*)?"
    r"|(?<![^\s>*#])(?P<closed>we\s+are|we're|wir\s+sind|nous\s+sommes|somos(?:\s+[ao])?|siamo|jeste[śs]my|"
    r"wij\s+zijn)\s+(?:\*\*)?"
    r"|(?<![^\s>])(?:bei|chez|bij|at|en|em|na|presso)\s+\*\*",
    re.IGNORECASE | re.MULTILINE,
)
_HIRING_AFTER = re.compile(
    r"(?:is|are|ist|est|es|est[áa]|[èe]|sta)\s+(?:now\s+)?(?:hiring|looking|searching|seeking|auf\s+der\s+suche|"
    r"[àa]\s+la\s+recherche|recrutando|contratando|buscando|cercando|op\s+zoek)\b"
    r"|(?:recrute|sucht|busca|cerca|zoekt|szuka|contrata|procura|assume)\b",
    re.IGNORECASE,
)
# "Acme is a ...", "Die Acme GmbH ist ein ...", "En Acme, ...": a sentence that opens with the employer.
_SUBJECT = re.compile(
    r"(?:is|ist|est|es|[ée]|[èe]|is|jest|to)\s+(?:an?|ein|eine|une?|una?|um|uma|een|the|der|die|das|la|le|el|o)\s"
    r"|(?:is|ist|est|es|[ée]|[èe]|jest|to)\s+(?:\d|[\w-]+\s+(?:company|studio|startup|agency|firm|team))",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s)(?:En|Bei|Chez|Bij|At|Em|Na|W|Da|Presso|In)\s+(?=\S)", re.MULTILINE)
# Cheap substring tests that say where _INTRO could match; the regex then runs on those lines only.
_INTRO_TRIGGERS = (
    "about", "über", "uber", "propos", "sobre", "over", "chi ", "chi è", "join", "rejoi", "únete", "unete", "junte",
    "unisciti", "dołącz", "kom bij", "werde teil", "verst", "we are", "we're", "wir sind", "nous sommes", "somos",
    "siamo", "jesteśmy", "jestesmy", "wij zijn", "**",
)  # fmt: skip
_ABOUT_US = re.compile(
    r"^\s{0,3}(?:#{1,4}\s*)?(?:\*\*)?(?:about\s+us|who\s+we\s+are|[üu]ber\s+uns|wer\s+wir\s+sind|qui\s+sommes[- ]nous|"
    r"[àa]\s+propos(?:\s+de\s+nous)?|qui[ée]nes\s+somos|sobre\s+n[óo]s(?:otros)?|quem\s+somos|chi\s+siamo|"
    r"wie\s+zijn\s+wij|over\s+ons|o\s+nas|o\s+firmie|the\s+company|das\s+unternehmen|l'entreprise|la\s+empresa|"
    r"a\s+empresa|l'azienda|het\s+bedrijf)\s*\??\s*:?\s*(?:\*\*)?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_LEGAL = re.compile(
    r"((?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w&'’.-]*[ \t]+){1,4}(?:GmbH(?:\s+&\s+Co\.\s+KG)?|AG|SE|KG|S\.A\.|SA|SAS|SARL|SRL|S\.r\.l\.|Srl|"
    r"S\.p\.A\.|SpA|B\.V\.|BV|N\.V\.|NV|Ltd\.?|Limited|Inc\.?|LLC|S\.L\.|SL|Lda\.?|Ltda\.?|Sp\.\s+z\s+o\.o\.|Oy|AB|ApS))"
    r"(?![\w])"
)
_ARTICLES = frozenset("the die der das la le les el los a o as os de het l' il lo een chez bei bij en em na at".split())
_CONNECTORS = frozenset({"&", "and", "und", "et", "y", "e", "of", "de", "von", "van", "der", "du", "des", "do", "da"})
_NOT_NAMES = frozenset(
    "us you we our uns nous nosotros nós nos noi nas ons you're they it this that the job role team company position "
    "unser unsere notre nuestro nuestra nosso nossa nostro nostra nasz nasza onze wir vous ustedes".split()
)
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_URL = re.compile(r"https?://(?:www\.|jobs\.|careers\.|karriere\.|apply\.)?([\w-]+(?:\.[\w-]+)+)")
_GENERIC_DOMAINS = frozenset(
    "gmail googlemail outlook hotmail yahoo icloud proton protonmail gmx web mail live aol yandex wp onet o2 interia "
    "libero orange free laposte hey fastmail zoho example linkedin github gitlab indeed glassdoor recruitee greenhouse "
    "lever workable personio smartrecruiters teamtailor join stepstone welcometothejungle infojobs".split()
)
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac"})


def _name_run(text: str, places: bool = False) -> str | None:
    """The capitalised words at the start of ``text``: "Merlion Labs and design ..." gives "Merlion Labs"."""
    line = text.split("\n", 1)[0]
    legal = _LEGAL.match(line.lstrip("* "))
    if legal:  # a legal name, its form included: "Acme Sp. z o.o.", "Acme S.A."
        parts = legal.group(1).split()
        return " ".join(parts[1:] if parts[0].lower() in _ARTICLES else parts)
    words: list[str] = []
    for raw in line.split()[:8]:
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
    if name.lower() in _NOT_NAMES or name.split()[0].lower() in _NOT_NAMES:
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
        return " ".join(part.capitalize() for part in name.split("-"))
    return None


def _intros(head: str) -> list[re.Match[str]]:
    """The matches of _INTRO in ``head``, in order, found by running it only on lines holding a trigger word."""
    low = head.lower()
    if len(low) != len(head):
        return list(_INTRO.finditer(head))
    starts: set[int] = set()
    for word in _INTRO_TRIGGERS:
        position = low.find(word)
        while position != -1:
            starts.add(head.rfind("\n", 0, position) + 1)
            position = low.find(word, position + len(word))
    found: dict[int, re.Match[str]] = {}
    for start in sorted(starts):
        end = head.find("\n", start)
        for match in _INTRO.finditer(head, start, len(head) if end == -1 else end):
            found.setdefault(match.start(), match)
    return [found[key] for key in sorted(found)]


def company_from_text(text: str) -> str | None:
    """The employer's name as the posting introduces it; None when nothing names it (or a placeholder does)."""
    match = _COMPANY_LABEL.search(text[:6000])
    if match:
        value = LABEL_SPLIT.split(match.group(1))[0].strip(" *")
        return None if not value or _PLACEHOLDER.match(value) else value
    head = text[:3000]  # an employer is introduced near the top; the domain rule below reads all of it
    lines = [line for line in head.splitlines() if line.strip()]
    if lines:
        found = _from_title_line(lines[0])
        if found:
            return found
    for line in lines[1:4]:
        found = _from_byline(line)
        if found:
            return found
    for intro in _intros(head):
        found = _name_run(head[intro.end() : intro.end() + 120])
        if found and intro.group("closed"):
            after = head[intro.end() :].lstrip("* ")
            after = after[after.find(found) + len(found) :].lstrip("*")
            found = found if after[:1] in (",", ".", ";", "!", "") else None
        if found:
            return found
    for line in lines[:12]:
        line = line.strip(" #*")
        found = _name_run(line)
        if found and _HIRING_AFTER.match(line[line.find(found) + len(found) :].lstrip("* ")):
            return found
    for start in _SENTENCE_START.finditer(head):
        found = _name_run(head[start.end() : start.end() + 120], places=True)
        if found and head[start.end() + len(found) : start.end() + len(found) + 1] == ",":
            return found
    for line in lines[:12]:
        line = line.strip(" #*")
        found = _name_run(line)
        # A paragraph that opens with the name, not a short line such as "Python is a plus".
        if found and len(line) >= 40 and _SUBJECT.match(line[line.find(found) + len(found) :].lstrip("* ")):
            return found
    legal = _LEGAL.search(head)
    if legal:
        words = legal.group(1).split()
        return " ".join(words[1:] if words[0].lower() in _ARTICLES else words)
    for about in _ABOUT_US.finditer(head):
        paragraph = head[about.end() :].lstrip()
        found = _name_run(paragraph)
        if found and len(paragraph) > len(found) and paragraph[len(found) :].lstrip(" *")[:1].islower():
            return found
    return _from_domain(text)
