"""Mask personal data in free-text comments before any leader sees them.

Structured identifiers (emails, UK phone numbers, postcodes, National Insurance numbers, case and reference
numbers, dates of birth, street addresses, named schools) are found with patterns and the words around them;
people's names with shipped name lists (see ``resources/README.md``) combined with context: capitalisation,
titles, role words, possessives, coordination with other names, and a list of names that are also ordinary
words ("Will", "Hope", "Mark"), which need more evidence. Nothing is downloaded and nothing is learned.

    >>> redact("Ring Ms Okoro on 07700 900123").text
    'Ring [name] on [phone]'
"""

from __future__ import annotations

import functools
import gzip
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["KINDS", "PLACEHOLDERS", "Redaction", "Redactor", "redact"]

KINDS: tuple[str, ...] = (
    "person",
    "email",
    "phone",
    "postcode",
    "address",
    "date_of_birth",
    "ni_number",
    "case_ref",
    "school",
)
PLACEHOLDERS: dict[str, str] = {
    "person": "[name]",
    "email": "[email]",
    "phone": "[phone]",
    "postcode": "[postcode]",
    "address": "[address]",
    "date_of_birth": "[date of birth]",
    "ni_number": "[NI number]",
    "case_ref": "[case ref]",
    "school": "[school]",
}
# When two detections overlap, the higher priority wins (then the longer one): an email contains name-like
# text, a school name contains "St Joseph's", an address "Rose Cottage".
_PRIORITY = {
    "email": 9,
    "ni_number": 8,
    "phone": 8,
    "postcode": 7,
    "case_ref": 6,
    "date_of_birth": 6,
    "address": 5,
    "school": 5,
    "person": 4,
}

_RESOURCES = Path(__file__).resolve().parent / "resources"


@dataclass(frozen=True)
class Redaction:
    """A redacted comment: ``text`` with placeholders, ``spans`` as (start, end, kind) in the original."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


# --------------------------------------------------------------------------------------------------------
# Shipped word lists (read once, read-only)


@dataclass(frozen=True)
class _Lexicon:
    first: frozenset[str]
    surnames: frozenset[str]
    words: Mapping[str, str]  # lower-case English word -> its Brill part-of-speech tag
    places: frozenset[str]


@functools.cache
def _lexicon() -> _Lexicon:
    def lines_gz(name: str) -> list[str]:
        with gzip.open(_RESOURCES / name, "rt", encoding="utf-8") as fh:
            return [line.strip() for line in fh if line.strip()]

    tags = dict(line.split("\t", 1) for line in lines_gz("redact_english_words.txt.gz"))
    places = (_RESOURCES / "redact_gb_places.txt").read_text(encoding="utf-8").splitlines()
    return _Lexicon(
        first=frozenset(n.casefold() for n in lines_gz("redact_first_names.txt.gz")),
        surnames=frozenset(n.casefold() for n in lines_gz("redact_surnames.txt.gz")),
        words={w: t.split()[0] for w, t in tags.items()},
        places=frozenset(p.casefold() for p in places if p.strip()),
    )


# --------------------------------------------------------------------------------------------------------
# Hand-written vocabulary (written for Heard)


def _words(text: str) -> frozenset[str]:
    """A set of the whitespace-separated words in ``text`` (keeps long word lists compact)."""
    return frozenset(text.split())


_TITLES = _words("""
mr mrs ms miss mx dr prof professor sir dame cllr councillor rev revd reverend lady lord
""")
# Capitalised words that are in a name list but, in these comments, are nearly always something else
# (the last line: case-recording and records systems named in councils and the NHS, e.g. the demo's "Atlas").
_NEVER_NAMES = _words("""
january february march july september october november december monday tuesday wednesday thursday friday
saturday sunday christmas easter ofsted mosaic framework teams surface microsoft outlook excel google zoom
english british welsh scottish irish polish romanian muslim jewish sikh hindu catholic anglican african
asian european american council police nhs court services service team director head manager early help
signs safety child children baby family mum dad nan gran grandad nana father mother sister brother parent
tel fax mob ext carer foster kinship agency social worker support staff section year version case cases
care leaver every each our their his her its the and some all any many more most none nobody someone
anyone everyone audit lead chair principal deputy assistant interim acting senior junior panel review plan
atlas carefile liquidlogic azeus eclipse controcc capita servelec synergy systmone emis rio wellsky lcs ehm
""")
# Names that are also common words or place names: they count as names only with supporting evidence.
_WEAK_NAMES = _words("""
will mark may june april august summer autumn winter hope grace faith patience joy dawn bill frank chase
amber rose page penny ray sue pat bob don guy rob art jack jean gene hunter mercy charity prudence
constance verity destiny trinity harmony melody heaven angel star sky storm river rain brook glen dale
cliff rock stone wood forest moss fern olive pearl crystal jade coral violet lily daisy poppy iris jasmine
heather hazel willow robin wren jay drew grant dean earl duke king prince major noble royal sterling miles
sunny honey ginger candy cherry dusty rusty sandy lucky goldie ace kit pip nick rich bud buck chip chuck
lance chance cash price reed ash rowan sage blaze bay christian earnest victoria kent chelsea sydney
florence lincoln preston jordan georgia virginia carolina india paris austin devon lane harley bentley
porsche mason carter cooper archer taylor parker baker fisher porter tanner marshal deacon bishop ward
young
""")
# Weak names whose word sense is an abstract noun or a season: "Hope is in short supply", "Summer is busy".
_WORDY = _words("""
hope grace patience faith joy mercy charity prudence destiny harmony liberty peace love glory honour honor
trust unity serenity felicity verity constance chance fortune justice summer autumn winter spring june
april august may
""")
_MONTH_PRECEDERS = _words("""
in since until till by from of last next this early late mid end before after during throughout between
""")
# A capitalised word followed by one of these is an organisation, place or thing, not a person.
_HEAD_WORDS = _words("""
road rd street st lane avenue ave drive close way gardens court crescent place grove terrace walk park
square hill green vale view parade academy school primary secondary junior juniors infant infants college
university nursery pru police council borough county city town village house centre center hall hospital
clinic surgery health trust foundation team teams hub unit ward service services project programme program
group partnership board network office library church chapel mosque temple cottage farm lodge estate
island bay station airport bridge valley forest cathedral castle tribunal prison fire ambulance icb ccg
law syndrome disease ltd limited plc llp pro award act review report plan model day week month rules
street mouse russell
""")
_ORG_HEADS = _words("""
road rd street st avenue ave drive close way gardens crescent place grove terrace square academy school
primary secondary juniors infants college university nursery pru police council borough county city town
village centre center hospital clinic surgery trust foundation team teams hub unit service services
project programme program group partnership board network office house library chapel mosque temple cottage
farm lodge estate island station airport cathedral tribunal prison fire ambulance icb ccg law syndrome disease
ltd limited plc llp pro award act review report plan model day week month rules mouse russell health
""")
# Words (lower case) before a capitalised token that mark it as a person: roles, relations, address verbs.
_ROLE_CUES = _words("""
manager mgr pm tm sw sws iro ad dcs director head senco dsl pa worker colleague supervisor assistant
officer coordinator co-ordinator practitioner educator nurse gp doctor therapist psychologist teacher
headteacher mum mom dad father mother nan nana gran grandad grandma grandfather grandmother aunt auntie
uncle brother sister son daughter baby child boy girl toddler teenager yp carer partner husband wife
boyfriend girlfriend stepdad stepmum cousin niece nephew twin sibling friend locum student asye nqsw named
called thanks thank cheers dear hi hello cc ssw fsw ehw eh ew am lead chair admin
""")
_PERSON_VERBS = _words("""
said says told tells asked asks rang rings called emailed emails phoned texted replied responded agreed
promised explained mentioned suggested confirmed visited deserves knows helped helps sorted supported
supports chaired chairs manages managed left joined retired resigned cancels cancelled does did needs
wants wanted cried refused disclosed moved went came turned goes was is has had
""")
_POSSESSED = _words("""
mum dad mother father nan gran grandparents grandmother grandfather brother sister siblings family carer
carers foster case plan school sw placement pep ehcp review birthday behaviour room bedroom phone mobile
email manager team partner baby son daughter children kids health passport name own cp cin referral
assessment contact visits visit needs support file record records worker teacher keyworker diagnosis
""")
_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
_DET_AFTER_VERB = _words("""
the a an this that these those it we they you i he she someone anyone everyone things all our my your no
more there us them me nobody everything nothing any some
""")
_TEAM_AFTER = re.compile(
    r"\s+(?:in|from|on|at|of)\s+(?:the\s+|our\s+|my\s+)?(?:[A-Za-z&/'-]+\s+){0,3}?"
    r"(?:team|hub|pod|service|unit|office|desk|department|dept|payroll|reception|hr|finance|admin|support|"
    r"duty|mash|fostering|adoption|care|court|legal|police|health|camhs|school|academy|nursery|panel|"
    r"front door|helpdesk|it|year\s*\d+|y\d+|business support)\b",
    re.IGNORECASE,
)
_CHILD_AFTER = re.compile(
    r"\s*(?:,\s*|\(\s*)?(?:in\s+)?(?:year\s*\d{1,2}|y\d{1,2}|aged\s+\d|is\s+\d{1,2}\b|\d{1,2}\s*(?:yrs|years|yo)\b)",
    re.IGNORECASE,
)
_IDIOMS = [
    r"(?:every\s+)?Tom,?\s+Dick,?\s+(?:and|&)\s+Harry",
    r"Jack\s+Russell",
    r"Mickey\s+Mouse",
    r"Joe\s+Bloggs",
    r"Joe\s+Public",
    r"Jack\s+of\s+all\s+trades",
    r"Peeping\s+Tom",
    r"Doubting\s+Thomas",
    r"Nosey\s+Parker",
    r"Smart\s+Alec?k?",
    r"Billy\s+No[- ]Mates",
    r"Heath\s+Robinson",
    r"Jack\s+the\s+Lad",
    r"Bob'?s\s+your\s+uncle",
    r"(?:Murphy|Sod|Parkinson|Hobson|Pandora)['’]s\s+\w+",
    r"Down['’]?s\s+syndrome",
    r"(?:Asperger|Tourette|Alzheimer|Parkinson|Crohn|Hodgkin)['’]?s",
    r"Father\s+Christmas",
    r"Good\s+Samaritan",
    r"Robin\s+Hood",
    r"Big\s+Brother",
    r"Dear\s+John",
    r"Jack[- ]in[- ]the[- ]box",
    r"Achilles['’]?\s+heel",
    r"Catch[- ]22",
    r"Signs\s+of\s+Safety",
    r"Early\s+Help",
    r"Family\s+Group\s+Conferenc\w*",
    r"Staying\s+(?:Put|Close)",
    r"Working\s+Together",
    r"Red,?\s+Amber,?\s+(?:or\s+|and\s+)?Green",
    r"(?:rated|RAG(?:\s+rated)?)\s+(?:as\s+)?Amber",
    r"Amber\s+(?:rated|rating|flag|status|cases?)",
    r"(?-i:\b(?:St|Saint)\.?\s+[A-Z][\w'’-]+)",  # "St Mary's Island": saints are places and schools
]
# The leading \b lets the engine skip positions inside words, which keeps this long alternation cheap.
_IDIOM_RE = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in _IDIOMS) + ")", re.IGNORECASE)

# --------------------------------------------------------------------------------------------------------
# Patterns for structured identifiers

_EMAIL = re.compile(r"(?<![\w.+'-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE_CAND = re.compile(r"(?<![\w+/.])(?:\+44[\s-]?(?:\(0\)[\s-]?)?\d|\(0\d|0\d)[\d \-()]{6,18}\d(?![\w/])")
_NI = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?[A-Da-d](?![A-Za-z0-9])")
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-PR-UWYZ][A-HK-Y]?[0-9][A-HJKPSTUW0-9]?[ \t]{0,2}[0-9][ABD-HJLNP-UW-Z]{2}"
    r"|GIR[ \t]?0AA)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_CASE_PREFIXED = re.compile(r"(?<![\w/-])[A-Z]{1,5}(?:[-/][A-Z]{1,4})?[-/]\d{2,}(?:[-/]\d+)*(?![\w/-])")
_CASE_COURT = re.compile(r"(?<![\w/-])[A-Z]{1,3}\d{2}[A-Z]{1,2}\d{4,6}(?![\w/-])")
_CASE_CUE = re.compile(
    r"\b(?:case(?:\s+(?:no\.?|number|ref(?:erence)?|id))?|ref(?:erence)?(?:\s+(?:no\.?|number))?|"
    r"mosaic(?:\s+(?:id|number|no\.?|ref))?|framework(?:\s+(?:id|number|no\.?|ref))?|lcs(?:\s+id)?|"
    r"eclipse(?:\s+id)?|nhs(?:\s+(?:no\.?|number))?|id|records?|referral(?:\s+(?:no\.?|number|ref))?|"
    r"complaint(?:\s+(?:no\.?|number|ref))?|lado(?:\s+(?:no\.?|ref))?|(?:child|person|family|client)\s+id|"
    r"court\s+(?:no\.?|number|ref)|claim\s+(?:no\.?|number)|upn|uln|crime\s+(?:no\.?|number|ref)|"
    r"incident\s+(?:no\.?|number)|log(?:\s+no\.?)?)"
    r"\s*(?:[:#]|no\.?)?\s*#?\s*(\d{3}[ -]\d{3}[ -]\d{4}|\d{4,12})(?![\w/])",
    re.IGNORECASE,
)
_CASE_BARE = re.compile(r"(?<![\w£$€.,/:#-])(?:[1-9]\d{5,11}|[1-9]\d{2} \d{3} \d{4})(?![\w/]|[.,]\d|\s?%)")
_CASE_AND = re.compile(r"\s*(?:,|and|&|/|or)\s*(\d{5,12})(?![\w/])", re.IGNORECASE)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{_MONTH}\s+\d{{4}})"
)
_DOB_CUE = re.compile(
    rf"\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on|\s+in)?|b\.|birthday)\s*[:\-–]?\s*"
    rf"({_DATE}|(?:19|20)\d{{2}})(?![\w/])",
    re.IGNORECASE,
)
_DATE_AFTER_NAME = re.compile(rf"(?:\s*[,(]\s*|\s+[-–—]\s+|\s+)({_DATE})(?![\w/])", re.IGNORECASE)

_STREET = (
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Drive|Dr|Close|Way|Gardens|Gdns|Court|Ct|Crescent|Cres|"
    r"Place|Pl|Grove|Terrace|Walk|Rise|Hill|Park|Mews|Row|Square|Sq|Green|Vale|View|Parade|Boulevard|"
    r"Wharf|Yard|Heights|Fields|Meadows?|Mead|Chase|Croft|Gate|Glade|Hollow|End|Approach|Broadway|"
    r"Quay|Ride|Wynd|Cottages|Buildings|Path|Circle|Common|Orchard|Gardens)"
)
_CAPWORD = r"[A-Z][\w'’-]*"
_ADDRESS = re.compile(
    rf"(?:(?:Flat|Apartment|Apt|Unit|Room)\s+\d+[A-Za-z]?,?\s+)?\b\d{{1,4}}[A-Za-z]?(?:-\d{{1,4}})?,?\s+"
    rf"(?:(?:{_CAPWORD}\s+){{0,3}}{_STREET}\b|The\s+(?:{_CAPWORD}\s+)?[A-Z][\w'’-]*s\b|The\s+{_STREET}\b)"
)
_HOUSE_NAME = re.compile(
    rf"\b(?:{_CAPWORD}\s+){{1,2}}(?:Cottage|House|Farm|Lodge|Barn|Villa|Bungalow|Manor)"
    rf",\s+(?:\d{{1,4}}\s+)?(?:{_CAPWORD}\s+){{0,3}}{_STREET}\b"
)
_FLAT = re.compile(rf"\b(?:Flat|Apartment|Apt)\s+\d+[A-Za-z]?,?\s+(?:{_CAPWORD}\s+){{1,3}}{_STREET}\b")
_SCHOOL_HEAD = (
    r"(?:Primary|Secondary|Infants?|Juniors?|Nursery|High|Grammar|Academy|College|School|PRU|"
    r"Pupil\s+Referral\s+Unit)"
)
_SCHOOL = re.compile(
    rf"(?:\b(?:The|St\.?|Saint)\s+)?(?:\b{_CAPWORD}\s+){{1,4}}?(?:(?:C\s?of\s?E|CE|RC|Catholic|Church\s+of\s+England|"
    rf"Methodist|Community|Free|Infant|Junior|Primary)\s+)?{_SCHOOL_HEAD}(?:\s+(?:School|Academy|College))?\b"
)
_GENERIC_SCHOOL_WORDS = _words("""
the a an virtual hospital special free local independent mainstream secondary primary catholic our their
his her my your this that which any all every each year sen send ap ehcp csc sixth form fe further high
junior infant nursery community academy school schools multi trust new old another other same previous
current local a his special alternative provision grammar state private boarding day residential
""")
_WORD_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


@dataclass
class _Tok:
    start: int
    end: int  # end of the name part (a possessive "'s" excluded)
    text: str  # the name part
    low: str
    possessive: bool
    cap: bool
    sent_init: bool


# --------------------------------------------------------------------------------------------------------


class Redactor:
    """Replace personal data in comments with typed placeholders (``[name]``, ``[phone]``, ...).

    Parameters
    ----------
    extra_names:
        Names always masked wherever they occur as whole words (for example a staff list), in any case.
    keep_terms:
        Words or phrases never masked (for example local team or building names that look like people).
    kinds:
        The kinds of personal data to mask; defaults to all of ``KINDS``.
    """

    def __init__(
        self, extra_names: Iterable[str] = (), keep_terms: Iterable[str] = (), kinds: Iterable[str] = KINDS
    ) -> None:
        self.extra_names = extra_names
        self.keep_terms = keep_terms
        self.kinds = kinds

    def fit(self, texts: Iterable[str] | None = None, y: object = None) -> Redactor:
        """No-op (nothing is learned); present for scikit-learn-style pipelines."""
        return self

    def redact_many(self, texts: Iterable[str]) -> list[Redaction]:
        """Redact each text in order."""
        return [self.redact(t) for t in texts]

    def transform(self, texts: Iterable[str]) -> list[str]:
        """The redacted texts only."""
        return [r.text for r in self.redact_many(texts)]

    def redact(self, text: str) -> Redaction:
        """Find personal data in ``text`` and return the masked text with the spans found."""
        text = text or ""
        kinds = set(self.kinds)
        unknown = kinds - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds: {sorted(unknown)}")
        keep = self._kept(text)
        protected = keep + [m.span() for m in _IDIOM_RE.finditer(text)]
        spans: list[tuple[int, int, str]] = []
        _structured(text, spans)
        for phrase in self.extra_names:
            if phrase.strip():
                for m in re.finditer(rf"(?<!\w){re.escape(phrase.strip())}(?!\w)", text, re.IGNORECASE):
                    spans.append((m.start(), m.end(), "person"))
        spans = [s for s in spans if not _inside_any(s, keep)]
        taken = _resolve(spans)
        _names(text, taken, protected)
        taken = _resolve(taken)
        taken = [s for s in taken if s[2] in kinds]
        out, pos = [], 0
        for start, end, kind in taken:
            out.append(text[pos:start])
            out.append(PLACEHOLDERS[kind])
            pos = end
        out.append(text[pos:])
        return Redaction(text="".join(out), spans=tuple(taken))

    def _kept(self, text: str) -> list[tuple[int, int]]:
        ranges: list[tuple[int, int]] = []
        for term in self.keep_terms:
            if term.strip():
                ranges += [
                    m.span()
                    for m in re.finditer(rf"(?<!\w){re.escape(term.strip())}(?!\w)", text, re.IGNORECASE)
                ]
        return ranges


def redact(text: str) -> Redaction:
    """Redact ``text`` with a default :class:`Redactor`."""
    return _default().redact(text)


@functools.cache
def _default() -> Redactor:
    return Redactor()


# --------------------------------------------------------------------------------------------------------
# Structured identifiers


def _structured(text: str, spans: list[tuple[int, int, str]]) -> None:
    for m in _EMAIL.finditer(text):
        spans.append((m.start(), m.end(), "email"))
    for m in _PHONE_CAND.finditer(text):
        span = _phone_span(text, m.start(), m.end())
        if span:
            spans.append((*span, "phone"))
    for m in _NI.finditer(text):
        # Any two-letter prefix: invalid ones ("QQ" in HMRC's examples) are still someone's mistyped number.
        spans.append((m.start(), m.end(), "ni_number"))
    for m in _POSTCODE.finditer(text):
        spans.append((m.start(), m.end(), "postcode"))
    for rx in (_CASE_PREFIXED, _CASE_COURT):
        for m in rx.finditer(text):
            if sum(c.isdigit() for c in m.group()) >= 3:
                spans.append((m.start(), m.end(), "case_ref"))
    for m in _CASE_CUE.finditer(text):
        spans.append((m.start(1), m.end(1), "case_ref"))
    for m in _CASE_BARE.finditer(text):
        spans.append((m.start(), m.end(), "case_ref"))
    for s in [s for s in spans if s[2] == "case_ref"]:
        end = s[1]
        while (m := _CASE_AND.match(text, end)) is not None:
            spans.append((m.start(1), m.end(1), "case_ref"))
            end = m.end(1)
    for m in _DOB_CUE.finditer(text):
        spans.append((m.start(1), m.end(1), "date_of_birth"))
    for rx in (_ADDRESS, _HOUSE_NAME, _FLAT):
        for m in rx.finditer(text):
            spans.append((m.start(), m.end(), "address"))
    for m in _SCHOOL.finditer(text):
        span = _school_span(text, m)
        if span:
            spans.append((*span, "school"))


def _phone_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a phone-like run to a valid UK number (10-11 digits, or +44 and 9-10 more) ending on a digit
    group."""
    candidate = text[start:end]
    if candidate.startswith("(") and ")" not in candidate:
        start, candidate = start + 1, candidate[1:]  # "(07700900456)": the bracket encloses the whole number
    ends = [m.end() for m in re.finditer(r"\d+", candidate)]
    for e in reversed(ends):
        digits = re.sub(r"\D", "", candidate[:e].replace("(0)", ""))
        if candidate.startswith("+44"):
            ok = 11 <= len(digits) <= 12
        else:
            ok = 10 <= len(digits) <= 11 and digits.startswith("0")
        if ok and candidate[:e].count("(") == candidate[:e].count(")"):
            return start, start + e
    return None


def _school_span(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    words = re.findall(r"[\w'’]+", m.group())
    names = [
        w
        for w in words[:-1]
        if w.lower().rstrip("s'’") not in _GENERIC_SCHOOL_WORDS
        and w.lower() not in _GENERIC_SCHOOL_WORDS
        and not w.isupper()
    ]
    if not names:
        return None
    start = m.start()
    first = words[0]
    if first == "The" and _is_sentence_start(text, start):
        start = text.index(words[1], start)
    return start, m.end()


# --------------------------------------------------------------------------------------------------------
# Names


def _is_sentence_start(text: str, pos: int) -> bool:
    """True at the start of the text, a sentence, a bracket or a dash-separated clause."""
    j = pos - 1
    while j >= 0 and text[j].isspace():
        if text[j] == "\n":
            return True
        j -= 1
    if j < 0:
        return True
    if text[j] in '.!?:;•*("“‘[':
        return True
    return text[j] in "-–—" and j > 0 and text[j - 1].isspace()


def _tokens(text: str) -> list[_Tok]:
    toks = []
    for m in _WORD_TOKEN.finditer(text):
        word, start = m.group(), m.start()
        possessive = False
        if len(word) > 2 and word[-2:] in ("'s", "’s"):
            word, possessive = word[:-2], True
        elif (
            text[m.end() : m.end() + 1] in ("'", "’")
            and word.endswith("s")
            and not text[m.end() + 1 : m.end() + 2].isalpha()
        ):
            possessive = True
        low = word.casefold()
        # All-capital words and their plurals ("CAMHS", "SWs") are acronyms, not names.
        cap = word[0].isupper() and not (
            len(word) > 1 and (word.isupper() or (len(word) > 2 and word[-1] == "s" and word[:-1].isupper()))
        )
        toks.append(
            _Tok(start, start + len(word), word, low, possessive, cap, _is_sentence_start(text, start))
        )
    return toks


def _inside_any(span: tuple[int, int, str] | tuple[int, int], ranges: Iterable[tuple]) -> bool:
    return any(span[0] < r[1] and r[0] < span[1] for r in ranges)


def _parts(low: str) -> list[str]:
    return [p for p in re.split(r"[-'’]", low) if p]


def _is_first(low: str, lex: _Lexicon) -> bool:
    if low in lex.first:
        return True
    parts = _parts(low)
    return len(parts) > 1 and all(p in lex.first for p in parts)


def _is_surname(low: str, lex: _Lexicon) -> bool:
    if low in lex.surnames:
        return True
    parts = _parts(low)
    if len(parts) > 1 and parts[0] in ("o", "d", "mc", "mac", "fitz"):
        return True
    return len(parts) > 1 and all(p in lex.surnames or p in lex.first for p in parts)


def _is_word(low: str, lex: _Lexicon) -> bool:
    return low in lex.words or low in _WEAK_NAMES


_CLOSED_TAGS = _words("IN DT PRP PRP$ CC TO WDT WP WP$ WRB EX UH PDT POS RP LS SYM RB CD FW")


def _name_class(tok: _Tok, lex: _Lexicon) -> str:
    """'strong' (a first name that is not an ordinary word), 'weak', 'surname', 'shape', 'unknown' or 'no'."""
    low = tok.low
    if not tok.cap or low in _NEVER_NAMES or low in _TITLES or len(low) < 2:
        return "no"
    if re.search(r"['’](?:ve|ll|re|d|m|t)$", low):
        return "no"  # "I've", "Don't"
    tag = lex.words.get(low)
    if tag in _CLOSED_TAGS or (tag == "MD" and low not in ("will", "may")):
        return "no"
    if _is_first(low, lex):
        if low in _WEAK_NAMES or tag is not None or low in lex.places:
            return "weak"
        return "strong"
    if re.match(r"^[A-Z][’'][A-Z][a-z]", tok.text):  # O'Neill, D'Shawn
        return "shape"
    if tag is not None or low in lex.places:
        return "no"
    if _is_surname(low, lex):
        return "surname"
    return "unknown"


def _can_continue(tok: _Tok, lex: _Lexicon, first_strong: bool) -> bool:
    """Whether ``tok`` can be a further part (middle or surname) of a name that has started."""
    low = tok.low
    if low in _HEAD_WORDS and low not in _ORG_HEADS:
        # "Ruby Hall", "Ellie Ward": a surname that is also a place word, after an unambiguous first name.
        return first_strong and tok.cap and _is_surname(low, lex)
    if not tok.cap or low in _NEVER_NAMES or low in _HEAD_WORDS or low in _TITLES:
        return False
    tag = lex.words.get(low)
    if tag in _CLOSED_TAGS:
        return False
    if tag is None and low not in _WEAK_NAMES:
        return True  # surname, first name or an unknown capitalised word that is not English
    # An ordinary word ("Hall", "Young") continues a name only after an unambiguous first name.
    return first_strong and (_is_surname(low, lex) or _is_first(low, lex))


def _gap(text: str, a: _Tok, b: _Tok) -> str:
    return text[a.end : b.start] if not a.possessive else "'s" + text[a.end + 2 : b.start]


def _names(text: str, spans: list[tuple[int, int, str]], protected: list[tuple[int, int]]) -> None:
    lex = _lexicon()
    mask = bytearray(len(text) + 1)
    for a, b, *_ in [*spans, *protected]:
        mask[a:b] = b"\x01" * (b - a)
    toks = [t for t in _tokens(text) if not any(mask[t.start : t.end])]
    n = len(toks)
    found: list[tuple[int, int]] = []  # token index ranges [i, j) that are names
    i = 0
    while i < n:
        t = toks[i]
        j = _title_name(text, toks, i, lex)
        if j:
            found.append((i, j))
            i = j
            continue
        cls = _name_class(t, lex)
        if cls == "no" and not t.cap:
            if _lowercase_name(text, toks, i, lex):
                found.append((i, i + 1))
            i += 1
            continue
        if cls == "no":
            i += 1
            continue
        # Extend over following capitalised name parts separated by a single space.
        j = i + 1
        while (
            j < n
            and j - i < 4
            and not toks[j - 1].possessive
            and _gap(text, toks[j - 1], toks[j]) == " "
            and _can_continue(toks[j], lex, cls == "strong")
        ):
            j += 1
        nxt = toks[j] if j < n else None
        if nxt is not None and nxt.cap and nxt.low in _HEAD_WORDS and _gap(text, toks[j - 1], nxt) == " ":
            i = j + 1  # "Kent Police", "Hope House", "Victoria Road": an organisation or place
            continue
        full = j - i > 1
        if full and cls in ("strong", "weak", "shape", "surname"):
            found.append((i, j))
        elif (
            full
            and cls == "unknown"
            and all(
                _name_class(toks[k], lex) in ("strong", "surname", "shape", "unknown")
                for k in range(i + 1, j)
            )
        ):
            found.append((i, j))  # two capitalised words, neither English nor a place: "Oluwaseun Adebayo"
        elif (
            cls == "strong"
            or cls == "shape"
            or (cls == "weak" and _weak_is_name(text, toks, i, lex))
            or (cls in ("unknown", "surname") and _strong_cue(text, toks, i, lex))
        ):
            found.append((i, j))
        i = j
    # Coordination: "Pete, Lisa and Adeola", "Ivy and Heath" -- capitalised words listed with names are names.
    changed = True
    while changed:
        changed = False
        starts = {a for a, _ in found}
        ends = {b - 1 for _, b in found}
        covered = {k for a, b in found for k in range(a, b)}
        for k in range(n):
            if k in covered or not toks[k].cap or _name_class(toks[k], lex) == "no":
                continue
            nxt = _coord_next(text, toks, k)
            prv = next((p for p in ends if p < k and _coord_next(text, toks, p) == k), None)
            if (nxt is not None and nxt in starts) or prv is not None:
                found.append((k, k + 1))
                changed = True
                break
    for a, b in found:
        spans.append((toks[a].start, toks[b - 1].end, "person"))
    # Dates right after a name are dates of birth ("Mason Reid (04/06/2014)").
    for _, b in found:
        m = _DATE_AFTER_NAME.match(text, toks[b - 1].end + (2 if toks[b - 1].possessive else 0))
        if m:
            spans.append((m.start(1), m.end(1), "date_of_birth"))


def _coord_next(text: str, toks: list[_Tok], k: int) -> int | None:
    """The token listed right after token ``k`` ("A, B", "A and B", "A & B"), if any."""
    if k + 1 < len(toks) and re.fullmatch(r",\s*|\s+&\s+|,\s*&\s+", _gap(text, toks[k], toks[k + 1])):
        return k + 1
    if (
        k + 2 < len(toks)
        and toks[k + 1].low == "and"
        and not toks[k].possessive
        and re.fullmatch(r",?\s+and\s+", text[toks[k].end : toks[k + 2].start])
    ):
        return k + 2
    return None


def _title_name(text: str, toks: list[_Tok], i: int, lex: _Lexicon) -> int:
    """If a title starts at token ``i`` ("Mrs Patel", "Mr and Mrs Byrne"), return the end token index."""
    t = toks[i]
    if t.low not in _TITLES or not t.cap:
        return 0
    j = i + 1
    gap_ok = re.compile(r"\.?\s+")
    if j + 1 < len(toks) and toks[j].low == "and" and toks[j + 1].low in _TITLES and toks[j + 1].cap:
        j += 2
    k = j
    while (
        k < len(toks)
        and k - j < 3
        and toks[k].cap
        and not toks[k - 1].possessive
        and gap_ok.fullmatch(_gap(text, toks[k - 1], toks[k]))
        and toks[k].low not in _HEAD_WORDS
        and toks[k].low not in _NEVER_NAMES
        and lex.words.get(toks[k].low) not in _CLOSED_TAGS
    ):
        k += 1
    if k == j:
        return 0
    if (
        t.low in ("lady", "lord", "miss", "sir", "dame")
        and t.sent_init
        and k - j == 1
        and toks[k - 1].low in lex.words
    ):
        return 0
    return k


def _prev_word(text: str, toks: list[_Tok], i: int) -> str:
    return toks[i - 1].low if i > 0 else ""


def _strong_cue(text: str, toks: list[_Tok], i: int, lex: _Lexicon) -> bool:
    """Evidence around token ``i`` that it names a person (role word before, Year 8 / DOB / team after...)."""
    t = toks[i]
    after = text[t.end + (2 if t.possessive else 0) :]
    if i > 0:
        gap = _gap(text, toks[i - 1], t)
        if toks[i - 1].low in _ROLE_CUES and re.fullmatch(r"\s+|,\s*|\s*\(\s*", gap):
            return True
        if (
            toks[i - 1].low == "to"
            and i > 1
            and toks[i - 2].low in ("thanks", "spoke", "speak", "talk", "talked", "thank", "spoken", "chat")
        ):
            return True
    if (
        t.possessive
        and (m := re.match(r"\s+(?:new\s+|old\s+|own\s+)?([a-z]+)", after))
        and m.group(1) in _POSSESSED
    ):
        return True
    if _CHILD_AFTER.match(after):
        return True
    # "Grace in payroll": a team after it, though an unknown word opening a sentence ("Comms from HR") is not
    # enough on that alone.
    if _TEAM_AFTER.match(after) and (not t.sent_init or _name_class(t, lex) not in ("unknown", "surname")):
        return True
    if re.match(rf"\s*[(,–—-]\s*(?:{_DATE}|born|b\.|dob)", after, re.IGNORECASE):
        return True
    m = re.match(r"\s+([a-z]+)", after)
    return bool(
        m
        and m.group(1) in _PERSON_VERBS
        and m.group(1)
        not in ("is", "was", "has", "had", "needs", "moved", "went", "came", "turned", "wants", "wanted")
    )


def _weak_is_name(text: str, toks: list[_Tok], i: int, lex: _Lexicon) -> bool:
    """Decide whether a name that is also a word ("Hope", "Will", "May", "Amber") is used as a name here."""
    t = toks[i]
    after = text[t.end + (2 if t.possessive else 0) :]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if t.low in ("may", "june", "april", "august") and (
        re.match(r"\s*\d", after) or _prev_word(text, toks, i) in _MONTH_PRECEDERS
    ):
        return False
    if _strong_cue(text, toks, i, lex):
        return True
    if t.possessive:
        return True
    if t.low in lex.places and t.low not in lex.words:
        return False  # a place name ("Kent") is a person only with a cue
    if t.low in ("may", "june", "april", "august"):
        return False  # a month ("backdated to April") is a person only with a cue
    if not t.sent_init:
        prev = toks[i - 1] if i > 0 else None
        if prev is not None and prev.cap and _gap(text, prev, t).strip() == "" and prev.low not in _TITLES:
            return False  # inside a Title Case phrase
        # "Hope Street", "Amber Valley": a multiword proper noun
        return not (nxt is not None and nxt.cap and _gap(text, t, nxt) == " ")
    # Sentence-initial: the capital says nothing, so look at what follows.
    if nxt is None:
        return False
    gap = _gap(text, t, nxt)
    if gap.strip() in (",",) and nxt.cap and _name_class(nxt, lex) in ("strong", "shape"):
        return True
    if re.fullmatch(r"\s+(?:and|&)\s+", gap) and nxt.cap and _name_class(nxt, lex) in ("strong", "shape"):
        return True
    if gap.strip():
        return False
    if nxt.low in _DET_AFTER_VERB:
        return False  # "Will anyone...", "Mark the case...", "Hope the new Director..."
    tag = lex.words.get(nxt.low, "")
    if tag.startswith("NN") and not tag.startswith("NNP") and nxt.low not in _PERSON_VERBS:
        # A noun straight after ("Faith groups", "Dawn visits", "Grace period") is a compound, unless it is a
        # verb form a person does ("needs", "knows").
        return False
    # A plural noun that is also a verb ("Dawn starts", "Chase needs") leaves it open: the pronoun test
    # decides.
    noun_or_verb = nxt.low.endswith("s") and lex.words.get(nxt.low[:-1]) in ("NN", "VB", "VBP")
    if (
        (tag.startswith(("VBZ", "VBD")) or nxt.low in _PERSON_VERBS)
        and t.low not in _WORDY
        and not noun_or_verb
    ):
        return True  # "Will has been brilliant", "Mark said", "Chase needs ..."
    # A person's pronoun later in the same sentence ("Chase needs someone to sort out his passport").
    sentence = re.split(r"[.!?\n]", after, maxsplit=1)[0]
    later = re.findall(r"[a-z]+", sentence.lower())[1:]
    if any(w in _PRONOUNS for w in later):
        return True
    return bool(nxt.low in ("and", "&") and len(toks) > i + 2 and toks[i + 2].low in ("her", "his"))


def _lowercase_name(text: str, toks: list[_Tok], i: int, lex: _Lexicon) -> bool:
    """A lower-case first name ("thanks dave") with a cue before or after it."""
    t = toks[i]
    low = t.low
    if len(low) < 3 or not low.isalpha() or low in lex.words or low in _WEAK_NAMES or low in lex.places:
        return False
    if not _is_first(low, lex) or low in _NEVER_NAMES:
        return False
    prev = toks[i - 1].low if i > 0 else ""
    if prev in ("thanks", "thank", "cheers", "ask", "asked", "tell", "told", "cc", "dear", "hi", "hello"):
        return True
    after = text[t.end + (2 if t.possessive else 0) :]
    if re.match(r"\s+(?:from|in|on|at)\s+(?:the\s+|our\s+)?[a-z]+", after) and _TEAM_AFTER.match(after):
        return True
    m = re.match(r"\s+([a-z]+)", after)
    return bool(m and m.group(1) in ("said", "says", "told", "asked", "rang", "emailed", "phoned"))


def _resolve(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep non-overlapping spans, preferring higher priority then longer ones; return sorted by start."""
    chosen: list[tuple[int, int, str]] = []
    for s in sorted(set(spans), key=lambda s: (-_PRIORITY[s[2]], -(s[1] - s[0]), s[0])):
        if s[1] > s[0] and not _inside_any(s, chosen):
            chosen.append(s)
    return sorted(chosen)
