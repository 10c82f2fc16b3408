"""Flag comments that may disclose a risk to a child, an allegation about a colleague, bullying or harassment,
or a risk to the writer, so the app can send them to a moderation queue instead of a dashboard.

Each flag carries a short reason naming the words that triggered it. The rules are hand-written: within one
sentence, a harm phrase must meet an anchor that ties it to someone in particular (a named or described child
for ``child_risk``, a colleague or manager for ``allegation``, the writer for ``writer_risk``); a child
described in one sentence also anchors harm told in another, and harm done to a child by staff is reported as
an ``allegation`` rather than twice. The vocabularies are general (categories of abuse, neglect and
exploitation; false records, suppression, boundaries and misused money; intimidation, exclusion and
identity-based remarks; hopelessness, self-harm and drinking to cope) rather than the phrasing of any one
comment. Topic uses
("exploitation team", "self-harm training", "bullying policy") and the figures of speech of an overloaded
workforce ("caseloads are killing me", "drowning in paperwork", "CP cases") are ignored, because every false
flag hides an ordinary comment from leaders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["FLAG_KINDS", "Flag", "SensitiveCommentFlagger"]

FLAG_KINDS: tuple[str, ...] = ("child_risk", "allegation", "harassment", "writer_risk")

_DESCRIBE = {
    "child_risk": "mentions a child at risk of harm",
    "allegation": "may contain an allegation about a colleague",
    "harassment": "mentions bullying or harassment",
    "writer_risk": "suggests the writer may be at risk",
}


@dataclass(frozen=True)
class Flag:
    """One reason to hold a comment back: its ``kind`` (one of ``FLAG_KINDS``) and a human ``reason``."""

    kind: str
    reason: str


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts), re.IGNORECASE)


# Topic uses of harm words: services, training, data and policies rather than an event.
_TOPIC = (
    r"(?=\s+(?:team|teams|training|pathway|policy|policies|hub|awareness|panel|data|notifications?|screening|"
    r"strategy|strategies|protocol|lead|leads|course|toolkit|services?|figures|rates|numbers|cases|"
    r"procedures?|week|resources|module|worker|workers|coordinator|co-ordinator|meetings?|episodes?\s+data|"
    r"budget|specialist|officer|clinic|referrals?|tool|tools|audit|prevention|sessions?|webinars?|conferences?|"
    r"champions?)\b)"
)

# ---- child_risk ------------------------------------------------------------------------------------------
# A particular child: "a/the/this/my Year 3 boy", "a 16 year old", "the twins", a name, a pronoun.
_CHILD_ANCHOR = re.compile(
    r"(?i:\[name\]|\b(?:a|an|the|this|that|one|my|our|his|her|their)\s+"
    r"(?:(?:little|young|new|\d{1,2}[- ]?(?:year|yr)[- ]?old|year\s*\d{1,2}|y\d{1,2}|teenage|older|younger|"
    r"eldest|youngest)\s+)*(?:child|boy|girl|baby|toddler|teenager|young\s+person|yp|pupil|student|kid|infant|son|"
    r"daughter|newborn|twins|siblings|kids|children|brothers|sisters|girls|boys|lad|lads|lass|little\s+ones?|"
    r"eldest|youngest|middle\s+(?:child|one))\b(?!'s\s+(?:homes?|services?|social|centres?|hospital|workforce|"
    r"commissioner|trust|unit|team|rights|partnership|residential))|\bbaby\b|"
    r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen)[- ]?(?:year|yr)[- ]?olds?\b|\b\d{1,2}\s?(?:yo|y/o|yrs?)\b|"
    r"\b(?:yp|cyp|lac|cla|cin)\b|"
    r"\b(?:young\s+person|toddler|teenager|infant|newborn|foster\s+child|looked[- ]after\s+child)\b|"
    r"\b(?:year|yr|y)\s?\d{1,2}s?\b|\b(?:one|two|three|both)\s+of\s+(?:the|my|our)\s+"
    r"(?:children|girls|boys|yp|young\s+people|pupils|kids|looked\s+after\s+children)\b|"
    r"\b(?:he|she|him|her)\b)|"
    # A capitalised first name opening what is said of a child ("Sasha keeps going missing").
    r"(?:^|[.!?,;]\s+)[A-Z][a-z]+\b(?=\s+(?:\(|(?i:in\s+year|is|was|has|had|went|goes|ran|keeps|told|said|disclosed)\b))"
)
_CHILD_HARM = _rx(
    r"\b(?:sexually\s+)?abus(?:e|ed|es|ing)\b",
    r"\btouch(?:es|ed|ing)\s+(?:her|him|them)\b",
    r"\brap(?:e|ed)\b",
    r"\bgroom(?:ed|ing)\b",
    r"\b(?:criminally\s+|sexually\s+)?exploit(?:ed|ation|ing)\b",
    r"\btraffick\w*",
    r"\bblack\s+eye\b",
    r"\bbruis(?:e|es|ed|ing)\b",
    r"\b(?:unexplained|non[- ]accidental)\s+injur\w+",
    r"\binjur(?:y|ies|ed)\s+(?:on|to)\b",
    r"\bfracture[ds]?\b",
    r"\bburns?\s+(?:on|to)\b",
    r"\b(?:hits?|hitting|beats?|beaten|beating|slap(?:s|ped|ping)?|punch(?:es|ed|ing)?|kick(?:s|ed|ing)?|"
    r"strangl\w+|chok(?:es|ed|ing)|smack(?:s|ed|ing)?|hurts?|hurting)\s+(?:him|her|them|the\s+(?:baby|child|kids))\b",
    r"\b(?:his|her|their|mum's|dad's)\s+(?:\w+\s+)?(?:dad|father|stepdad|mum|mother|partner|boyfriend|uncle|brother)\s+"
    r"did\s+it\b",
    r"\bkill\s+(?:her|him|them)sel(?:f|ves)\b",
    r"\bsuicid\w+",
    r"\bself[- ]harm\w*",
    r"\boverdos(?:e|ed)\b",
    r"\bcutting\s+(?:her|him|them)sel(?:f|ves)\b",
    r"\b(?:hungry|starving|malnourished)\b",
    r"\bno\s+food\b",
    r"\bneglect(?:ed|ing)\b",
    r"\bunsafe\b",
    r"\bnot\s+safe\b",
    r"\bscared\s+to\s+go\s+home\b",
    r"\b(?:violent|abusive|drunk|intoxicated)\s+(?:parent|partner|dad|father|mum|mother|stepdad|boyfriend|carer)\b",
    r"\b(?:using|on|smoking|injecting)\s+(?:heroin|crack|cocaine|drugs)\b",
    r"\b(?:da|dv|domestic\s+(?:abuse|violence))\s+"
    r"at\s+home\b",
    r"\b(?:perpetrator|sex\s+offender|abuser)\b",
    r"\b(?:went|gone|goes|going|ran|run|keeps\s+going)\s+missing\b",
    r"\bmissing\s+(?:from\s+(?:home|care|placement)|"
    r"overnight|at\s+night|again)\b",
    r"\bran\s+away\b",
    r"\b(?:left|home)\s+alone\b",
    r"\bunsupervised\s+with\b",
    r"\bradicali[sz]\w+",
    r"\bfgm\b",
    r"\bforced\s+marriage\b",
    r"\b(?:in|to|at|into)\s+(?:a\s+)?(?:women's\s+)?refuge\b",
    r"\b(?:at|of)\s+(?:real|serious|immediate|significant)\s+(?:risk|harm|danger)\b",
    r"\bin\s+(?:real|immediate|"
    r"serious)\s+danger\b",
    r"\bat\s+risk\s+of\s+(?:significant\s+)?harm\b",
    r"\b(?:weapon|knife|knives|stabbed)\b",
    r"\bconcerns?\s+(?:about|of)\s+(?:exploitation|grooming|abuse|trafficking)\b",
    r"\blocks?\s+(?:him|her|them)\s+(?:in|out)\b",
    r"\blocked\s+(?:in|out)\b",
    r"\bcuts\s+on\s+(?:her|his|their)\b",
    r"\b(?:hide|hides|hiding)\s+(?:under|from|in)\b",
    r"\bcomes?\s+home\s+drunk\b",
    r"\bolder\s+(?:man|men|boys|males)\b",
    r"\b\d{2}[- ]year[- ]old\s+(?:man|men|male)\b",
    r"\bmet\s+(?:him|her|them)?\s*online\b",
    r"\b(?:found|seen|left)\s+(?:wandering|alone|outside)\b",
    r"\bwandering\s+(?:the\s+streets|on\s+the\s+road|alone)\b",
    r"\b(?:nudes?|sexting|indecent\s+images|sexual\s+images)\b",
    r"\bsexual(?:ly)?\b(?!\s+(?:health|harassment|comments?|remarks?|jokes?|advances?|orientation|discrimination))",
    # Physical and sexual harm, neglect and exploitation in everyday words.
    r"\b(?:squeez|grabb|chok|strangl|throttl)\w*\s+(?:his|her|their|the\s+baby's)\s+(?:neck|throat|arms?|wrists?)\b",
    r"\bthreatens?\s+(?:him|her|them)\s+with\b",
    r"\bwith\s+a\s+(?:belt|stick|knife|slipper|cable|wooden\s+spoon)\b",
    r"\bshak(?:en|ing|es)\s+(?:the\s+)?baby\b",
    r"\b(?:threw|throws|thrown)\s+(?:him|her|them)\b",
    r"\bscald\w*",
    r"\bmarks\s+on\s+(?:his|her|their)\b",
    r"\bcomes?\s+into\s+(?:her|his|their)\s+(?:bed)?room\b",
    r"\bin\s+(?:her|his)\s+bed\s+(?:at\s+night|with)\b",
    r"\bpicked\s+up\s+(?:\w+\s+){0,3}by\s+(?:older\s+)?(?:men|males)\b",
    r"\bmen\s+in\s+(?:\w+\s+)?cars\b",
    r"\bshows?\s+(?:her|him|them)\s+(?:porn\w*|videos|pictures|images)\b",
    r"\bporn\w*",
    r"\b(?:lost|losing|not\s+gaining)\s+weight\b",
    r"\bfaltering\s+growth\b",
    r"\bwon't\s+let\s+(?:the\s+)?(?:health\s+visitor|hv|sw|social\s+worker|us|anyone|school|police)\s+in\b",
    r"\bno\s+(?:electricity|heating|gas|water|beds?)\b",
    r"\b(?:dog|cat)\s+mess\b",
    r"\b(?:filthy|squalor|infested)\b",
    r"\bhead\s+lice\b",
    r"\b(?:trap\s+house|running\s+drugs|drug\s+running|debt\s+bond\w*)\b",
    r"\bcarry(?:ing)?\s+(?:a\s+)?(?:knife|knives|blade|weapon|drugs)\b",
    r"\bnew\s+(?:phones?|trainers|clothes)\s+and\s+cash\b",
    r"\bwants?\s+to\s+(?:kill|hurt|harm)\s+(?:her|him|them)sel(?:f|ves)\b",
    r"\bpolice\s+(?:were\s+)?called\s+out\b",
    r"\bflinch(?:es|ed|ing)?\b",
    r"\b(?:terrified|scared|frightened|afraid)\s+of\s+(?:his|her|their)\s+(?:step)?(?:dad|mum|father|mother|brother|"
    r"sister|uncle|partner|carer|grandad|nan|family)\b",
    r"\bwon't\s+go\s+home\b",
    r"\bstopped\s+(?:talking|eating|speaking)\b",
    r"\b(?:handprint|hand\s+print|finger\s*(?:tip\s+)?marks?|fingertip\s+bruis\w*|bite\s+marks?|bald\s+patch|"
    r"grip\s+marks?)\b",
    r"\b(?:drags?|dragged|dragging|pulls?|pulled)\s+(?:her|him|them)\s+(?:by|up\s+by)\b",
    r"\bby\s+the\s+hair\b",
    r"\bsend(?:s|ing)?\s+(?:pictures|photos|images|videos|nudes)\s+to\s+(?:an?\s+)?(?:adult|man|men|older|stranger|"
    r"someone)\b",
    r"\bmet\s+(?:on|through|via)\s+(?:a\s+|an\s+)?(?:game|app|snapchat|instagram|tiktok|the\s+internet|online)\b",
    r"\b(?:adult|older)\s+(?:man|men|male|boyfriend)\s+(?:she|he)\s+met\b",
    r"\b(?:outside|on\s+the\s+streets?)\b.{0,30}\b(?:at\s+night|\d{1,2}\s*(?:pm|am))\b",
    r"\b(?:at\s+night|\d{1,2}\s*(?:pm|am))\b.{0,20}\b(?:outside|on\s+the\s+streets?)\b",
    r"\bon\s+(?:their|his|her)\s+own\s+(?:at\s+night|overnight|all\s+night|in\s+the\s+(?:house|flat))\b",
    r"\b(?:machete|gun|firearm|zombie\s+knife|weapon)\b",
    r"\bgives?\s+(?:the\s+baby|him|her|them|the\s+children|the\s+kids)\s+(?:(?:her|his|their)\s+)?(?:own\s+)?"
    r"(?:medication|tablets|pills|drugs|alcohol|vodka|sleeping\s+pills)\b",
    r"\b(?:drugs|needles|syringes)\s+(?:in|around)\s+the\s+(?:house|flat|home)\b",
    # General safeguarding vocabulary (Working Together categories), not tied to one dev phrasing.
    r"\bassault(?:s|ed|ing)?\s+(?:him|her|them)\b",
    r"\b(?:hit|beat|beaten|hurt|harmed|attacked|assaulted|strangled|punched|kicked)\s+(?:by\s+)?(?:his|her|their|mum's|"
    r"dad's)\s+(?:\w+\s+)?(?:dad|father|stepdad|mum|mother|partner|boyfriend|uncle|brother|sister|carer|cousin)\b",
    r"\b(?:mark|marks|bruising|swelling|cut|cuts|scratches|welts?)\s+(?:on|to|across)\s+(?:his|her|their|the\s+baby's)\s+"
    r"(?:face|cheek|cheeks|neck|back|arms?|legs?|head|ear|ears|body|bottom|chest|hands?|wrists?|ribs)\b",
    r"\b(?:belt|burn|bite|hand|slap|strap|ligature|cigarette)\s*[- ]?marks?\b",
    r"\b(?:broken|fractured|fracture\s+to\s+(?:his|her|the))\s+(?:\w+\s+)?(?:arm|wrist|leg|rib|ribs|bone|skull|"
    r"collarbone|femur)\b",
    r"\bhead\s+injur\w+",
    r"\b(?:shut|locked|kept)\s+(?:\w+\s+){0,2}in\s+(?:his|her|their|the|a)\s+(?:bed)?(?:room|cupboard|shed|car|garden|"
    r"cellar|bathroom)\b",
    r"\bwithout\s+(?:any\s+)?(?:tea|food|dinner|supper|meals?|breakfast)\b",
    r"\b(?:hasn't|has\s+not|hadn't|haven't|not)\s+(?:eaten|been\s+fed|had\s+(?:a\s+)?(?:meal|food|anything\s+to\s+eat))\b",
    r"\bcupboards\s+(?:were|are|was)\s+(?:bare|empty)\b",
    r"\bempty\s+cupboards\b",
    r"\b(?:food|scraps)\s+(?:out\s+of|from)\s+(?:the\s+)?bins?\b",
    r"\bsame\s+(?:dirty\s+)?clothes\s+every\s+day\b",
    r"\b(?:scared|frightened|terrified|afraid)\s+(?:of\s+|to\s+)?(?:go(?:ing)?|be(?:ing)?)\s+(?:back\s+)?home\b",
    r"\b(?:scared|frightened|terrified|afraid)\s+of\s+(?:him|her|them|dad|mum|the\s+(?:dad|mum|father|mother|"
    r"partner|boyfriend|stepdad|carer))\b",
    r"\bsit\s+on\s+(?:his|her)\s+(?:lap|knee)\b",
    r"\btouch(?:es|ed|ing)?\s+(?:him|her|them)\s+(?:where|inappropriately|down\s+there|in\s+(?:his|her|their)\s+private)",
    r"\b(?:where\s+(?:he|she|they)\s+shouldn't|private\s+parts|inappropriately\s+touch\w*)\b",
    r"(?<!dbs\s)(?<!enhanced\s)\bdisclos(?:ed|es|ing|ure)\b(?!\s+and\s+barring)",
    r"\b(?:boyfriend|girlfriend|partner)\s+(?:who\s+is|is|aged|of)\s+(?:1[89]|[2-6]\d)\b",
    r"\b(?:1[89]|[2-6]\d)[- ]?(?:year[- ]old|yr[- ]old|yo)\s+(?:man|men|male|boyfriend|adult)(?:'s)?\b",
    r"\bolder\s+(?:lads|guys|males|boyfriend|adults?)\b",
    r"\b(?:staying|sleeping|stays|sleeps)\s+(?:at|with|over\s+at)\s+(?:an?\s+)?"
    r"(?:older|adult|unknown|\d\d[- ]year[- ]old)\b",
    r"\bcuckoo\w*",
    r"\bcounty\s+lines\b",
    r"\b(?:drop|dropping|deliver\w*|run|running|carry\w*|move|moving)\s+(?:off\s+)?(?:parcels|packages|bags|"
    r"drugs|gear|weed)\b",
    r"\b(?:gives?|giving|gave|supplies|supplying)\s+(?:him|her|them|the\s+kids)\s+(?:weed|cannabis|drugs|alcohol|"
    r"vodka|spice|pills)\b",
    r"\b(?:getting|gets|got|get)\s+(?:in|into)\s+(?:cars|strangers'\s+cars|a\s+car\s+with)\b",
    r"\b(?:gifts|money|cash|phones?|trainers)\s+(?:and\s+(?:money|cash|gifts|phones?)\s+)?from\s+(?:older|adult|"
    r"unknown|men|lads|strangers)\b",
    r"\b(?:mum|dad|mother|father|parents?|carer|stepdad)(?:'s|\s+is|\s+was|\s+were)?\s+(?:completely\s+|always\s+)?"
    r"(?:drunk|out\s+of\s+it|passed\s+out|off\s+(?:her|his|their)\s+face|wasted|comatose)\b",
    r"\b(?:mum|dad|mother|father|parents?)(?:'s|\s+is|\s+has\s+been)?\s+(?:drinking|using)\s+(?:from|all\s+day|"
    r"first\s+thing|in\s+the\s+morning|again|heavily)\b",
    r"\b(?:left|leaves|leaving)\s+(?:\w+\s+){0,3}(?:with|in\s+the\s+care\s+of)\s+(?:a|an|their|his|her)\s+"
    r"(?:\w+\s+)?(?:\d{1,2}|eleven|twelve|ten|nine)[- ]?(?:year[- ]old|yo)\b",
    r"\b(?:left|leaves)\s+(?:on\s+(?:their|his|her)\s+own|unsupervised|to\s+fend)\b",
    r"\bkeeps?\s+(?:him|her|them)\s+off\s+school\b",
    r"\b(?:not|hasn't|haven't|nobody\s+has|no\s+one\s+has)\s+(?:been\s+)?seen\s+(?:him|her|them|the\s+(?:child|baby|"
    r"children|kids))\s+(?:in|for)\s+(?:\w+\s+){0,2}(?:weeks|months)\b",
    r"\b(?:no|without)\s+(?:electric|food\s+in)\b",
    r"\b(?:punched|smashed|kicked|put)\s+(?:a\s+hole|holes|his\s+fist|the\s+door\s+in)\b",
    r"\b(?:holding|held|waving|pulled|pulls)\s+a\s+(?:knife|blade|weapon)\b",
    r"\b(?:hits?|hitting|beats?|beating|strangl\w+|chok\w+)\s+(?:mum|her\s+mum|his\s+mum|their\s+mum|mummy)\b",
    r"\bwitness(?:ed|es|ing)?\s+(?:the\s+)?(?:dv|da|domestic|violence|the\s+assault|fights)\b",
    r"\b(?:she|her|daughter|girl|girls|sister|sisters)\s+(?:\w+\s+){0,3}(?:to\s+be|being|was|were|got|get)\s+cut\b",
    r"\bcircumcis\w+",
    r"\b(?:take|taking|taken|send|sending|sent)\s+(?:her|him|them)\s+(?:abroad|back\s+home|overseas)\s+(?:to|for)\s+"
    r"(?:be\s+)?(?:marr\w+|cut|circumcis\w+|a\s+wedding)\b",
    r"\bsexual(?:ised|ized)\s+behaviour\b",
    r"\b(?:makes?|made|making)\s+(?:him|her|them)\s+(?:stand|sit|kneel|sleep)\s+(?:\w+\s+){0,3}(?:for\s+hours|outside|"
    r"in\s+the\s+(?:garden|cold|dark))\b",
    r"\bbeing\s+(?:hurt|hit|harmed|abused|beaten)\b",
    r"\b(?:split|burst|fat|swollen)\s+lip\b",
    r"\b(?:bloody|broken)\s+nose\b",
    r"\b(?:lost\s+it|loses\s+it|took\s+it\s+out|takes\s+it\s+out)\s+(?:with|on)\s+(?:him|her|them)\b",
    r"\b(?:hid|hides|hiding|hide)\s+(?:in|under|behind)\s+(?:the|a|his|her|their)\s+(?:wardrobe|cupboard|bed|bathroom|"
    r"shed|sofa)\b",
    r"\blifts\s+from\s+(?:older\s+)?(?:men|adults|lads|males|strangers)\b",
    r"\bmen\s+in\s+their\s+(?:twenties|thirties|forties|20s|30s|40s)\b",
)
# A child named by a noun (not a pronoun), which may anchor harm told in another sentence of the comment.
_CHILD_NOUN = re.compile(
    r"(?i:\b(?:child|boy|girl|baby|toddler|teenager|young\s+person|yp|pupil|kid|kids|infant|newborn|twins|lad|"
    r"\d{1,2}[- ]?(?:year|yr)[- ]?old|\d{1,2}\s?yo|little\s+one|son|daughter|(?:year|yr|y)\s?\d{1,2})\b"
    r"(?!'s\s+(?:homes?|services?|social)))"
)
# The writer (or the team) as the subject just before the harm phrase: "I haven't eaten", "we were left".
_FIRST_PERSON_SUBJECT = re.compile(r"(?i:\b(?:i|i'm|i've|i'd|we|we're|we've|me|us)\b(?:\s+\w+){0,3}\s*$)")
# Generic, non-event uses: "CP cases", "exploitation team", "self-harm training", "risk of exclusion".
_CHILD_NOT = re.compile(
    r"(?i:\b(?:exploitation|missing|self[- ]harm(?:ing)?|cse|cce|fgm|da|dv|abuse|neglect|grooming|"
    r"suicide|domestic\s+abuse|domestic\s+violence)"
    + _TOPIC
    + r"|\blost\s+(?:a|an|one|two|three)\s+(?:\w+\s+){0,4}to\s+"
    r"suicide\b)"
)

# ---- allegation ------------------------------------------------------------------------------------------
_COLLEAGUE = _rx(
    r"\b(?:manager|managers|tm|pm|sw|social\s+worker|worker|colleague|colleagues|supervisor|senior|seniors|director|"
    r"ad|head\s+of\s+service|hos|iros?|member\s+of\s+staff|staff\s+member|practitioner|boss|chair|leader|leaders|"
    r"leadership|someone\s+in\s+(?:my|our|the)\s+(?:\w+\s+)?(?:team|office|service|unit|home)|foster\s+carer|carers?|"
    r"residential\s+worker|agency\s+worker|support\s+workers?|staff|deputy|head|headteacher|teacher|tl|"
    r"team\s+leader|sm|service\s+manager|night\s+staff|one\s+of\s+(?:the|our)\s+(?:workers|staff|carers|managers|"
    r"seniors|sws|support\s+workers))\b",
    r"\[name\]",
)
_ALLEGATION = _rx(
    r"\b(?:falsif(?:y|ied|ies|ying)|fabricat(?:e|ed|es|ing)|backdat(?:e|ed|es|ing)|doctor(?:ed|ing))\b",
    r"\b(?:lied|lying|lies)\s+(?:to|in|about)\b",
    r"\b(?:massag(?:e|ed|ing)|fiddl(?:e|ed|ing)|cook(?:ed|ing)?)\s+"
    r"(?:the\s+)?(?:figures|numbers|books|stats|data|mileage|expenses|timesheets)\b",
    r"\b(?:make|made|making)\s+(?:the\s+)?(?:figures|numbers|data|stats|performance)\s+look\s+better\b",
    r"\b(?:changes?|changed|changing|alter(?:s|ed|ing)?)\s+(?:the\s+)?(?:outcomes?|grades?|ratings?|judgements?|"
    r"decisions?|findings?)\b",
    r"\b(?:grade|rating|judgement|outcome|audit|report|record|recording|notes?|assessment|form|minutes|chronology)s?\s+"
    r"(?:was|were|has\s+been|had\s+been|got)\s+(?:changed|altered|deleted|amended|rewritten|removed)\s+(?:\w+\s+){0,3}?"
    r"(?:afterwards|later|without|by\s+(?:my|our|the|a)|so\b|to\s+(?:hide|make|fit|look)|after\s+(?:the|a|my|our)\s+"
    r"(?:complaint|audit|inspection|ofsted|incident|allegation|investigation|review|visit))",
    r"\b(?:form|record|notes|report|chronology|minutes)\s+(?:was|were)\s+rewritten\b",
    r"\b(?:deleted|shredded|removed|destroyed)\s+(?:the\s+)?(?:case\s+)?(?:notes|records|entries|evidence|emails)\b",
    r"\b(?:told|asked|pressured|pressurised|instructed|expected|forced)\s+(?:me|us|staff|workers|the\s+team)?\s*"
    r"(?:not\s+)?to\s+(?:change|alter|delete|close|backdate|remove|rewrite|sign\s+off|stop\s+recording|not\s+record|"
    r"hide|make\s+the)\b",
    r"\bsigns?\s+off\s+\w+\s+(?:she|he|they)\s+(?:hasn't|haven't|has\s+not|didn't)\s+read\b",
    r"\b(?:drunk|smelling\s+of\s+alcohol|smelled\s+of\s+alcohol|under\s+the\s+influence|using\s+drugs\s+at)\b",
    r"\b(?:stole|steals|stealing|theft|fraud|bribe[sd]?|took\s+money)\b",
    r"\b(?:hit|hits|hitting|slap(?:s|ped|ping)?|push(?:es|ed|ing)?|grab(?:s|bed|bing)?|restrain(?:s|ed|ing)?|"
    r"shout(?:s|ed|ing)?\s+at|swore\s+at|swear(?:s|ing)?\s+at|threaten(?:s|ed|ing)?|kick(?:s|ed|ing)?|rough\s+with)\s+"
    r"(?:a|the|one|this)\s+(?:\w+\s+)?(?:child|young\s+person|yp|boy|girl|baby|teenager|pupil|foster\s+child|resident)\b",
    r"\b(?:inappropriate\s+)?(?:sexual\s+)?relationship\s+with\s+(?:a|the|one)\s+(?:\w+\s+)?(?:child|young\s+person|yp|"
    r"care\s+leaver|service\s+user|client|parent|mum|mother|dad|father|foster\s+carer|family\s+member)\b",
    r"\binappropriate\s+(?:contact|messages|texts|photos|touching|behaviour)\s+with\b",
    r"\b(?:messag|text)(?:ing|ed|s)\s+(?:a|the)\s+(?:young\s+person|yp|care\s+leaver|child)\s+(?:late\s+at\s+night|"
    r"privately|on\s+(?:her|his)\s+personal)",
    r"\bcover(?:ed|ing|s)?\s+(?:it\s+|this\s+|things\s+)?up\b",
    r"\bswept\s+under\s+the\s+carpet\b",
    r"\bwhistle[- ]?blow\w*",
    r"\bnobody\s+reported\s+it\b",
    r"\bhushed\s+up\b",
    r"\b(?:visits?|sessions?|meetings?|contacts?)\s+(?:that|which|i|she|he|they)\s+never\s+(?:happened|did|took\s+place)\b",
    r"\b(?:visits?|sessions?)\s+(?:that|which)\s+(?:never|didn't)\s+happen\w*",
    r"\b(?:takes?|took|taking|accept\w*)\s+"
    r"(?:gifts|cash|money|bribes)\b",
    r"\baggressive\s+(?:with|towards|to)\s+(?:a|the|one)\s+(?:\w+\s+)?(?:child|young\s+"
    r"person|yp|boy|girl|teenager|pupil|resident)\b",
    r"\bsharing\s+(?:confidential|case|personal)\s+(?:\w+\s+)?"
    r"(?:details|information|records)\b",
    r"\bbreach(?:ed|ing)?\s+(?:of\s+)?confidentiality\b",
    r"\b(?:knew|know)\s+"
    r"(?:was|wasn't|was\s+not|is|isn't)\s+(?:true|false|untrue)\b",
    r"\bwasn't\s+true\b",
    r"\bmisled\s+(?:the|a)\b",
    r"\b(?:changed|altered|rewrote|overrode|overruled)\s+(?:my|the|her|his)\s+(?:\w+\s+)?(?:assessment|recommendation|"
    r"report|decision|notes|recording)s?\s+without\b",
    r"\b(?:leave|left|keep|kept)\s+(?:it|this|that)\s+out\s+of\s+"
    r"(?:the\s+)?(?:report|record|notes|minutes|file)\b",
    r"\bLADO\s+(?:referral|allegation|investigation)\s+"
    r"(?:about|against|into)\b",
    r"\ballegation\s+(?:about|against)\s+(?:a|my|our|the)\b",
    r"\bclaim(?:s|ed|ing)?\s+(?:for\s+)?(?:overtime|mileage|expenses|hours)\b(?=.{0,40}\bnever\b)",
    r"\b(?:hours|visits|miles|journeys)\s+(?:she|he|they|i)\s+never\s+(?:worked|did|drove|made)\b",
    r"\bcop(?:y|ies|ied|ying)\s+and\s+past(?:e|es|ed|ing)\b",
    r"\bsame\s+(?:review|assessment|report|plan)\s+for\s+(?:different|every|all)\b",
    r"\btold\s+(?:me|us|staff)\s+to\s+(?:say|tell|write|put)\b"
    r"(?=.{0,60}\b(?:hadn't|didn't|wasn't|weren't|not\s+true|never)\b)",
    r"\bwhen\s+(?:we|she|he|they|i)\s+(?:hadn't|had\s+not|didn't)\b",
    r"\b(?:taking|took|takes)\s+(?:a|the)\s+(?:child|young\s+person|yp|boy|girl)\s+(?:\w+\s+){0,4}without\s+"
    r"(?:any\s+)?(?:checks|consent|authorisation|permission|telling)\b",
    r"\blocked\s+(?:a|the)\s+(?:child|young\s+person|yp|boy|girl|resident)\s+in\b",
    r"\bas\s+a\s+punishment\b",
    r"\bgo(?:es|ing)?\s+through\s+(?:a|the)\s+(?:\w+\s+)?(?:family's|families'|child's|young\s+person's|client's)\s+"
    r"(?:belongings|things|bags|purse)\b",
    r"\b(?:take|took|taking)\s+(?:things|items|belongings|money|cash)\s+(?:from|out)\b",
    r"\b(?:forged|forging|forges)\b",
    r"\bcloses?\s+cases\s+without\b",
    r"\b(?:make|makes|making|made)\s+(?:the\s+)?(?:numbers|figures|data|stats|performance|timescales)\s+look\s+"
    r"(?:good|better|ok|okay)\b",
    r"\bfor\s+personal\s+(?:use|things|gain|spending|shopping)\b",
    r"\bseeing\s+a\s+(?:dad|mum|parent|father|mother|client|service\s+user|care\s+leaver)\s+from\s+(?:her|his|their)\s+"
    r"caseload\b",
    r"\b(?:sleeps?|sleeping|asleep)\s+on\s+(?:shift|duty|nights|waking\s+nights)\b",
    r"\bleaves?\s+the\s+(?:young\s+people|children|kids|residents)\s+unsupervised\b",
    r"\bswear(?:s|ing)?\s+at\s+the\s+(?:young\s+people|children|kids|residents)\b",
    r"\basked\s+me\s+to\s+(?:back\s+(?:her|him|them)\s+up|lie|cover\s+for)\b",
    r"\bcover\s+for\s+(?:her|him|them)\b",
    # General misconduct vocabulary: false records, suppression, boundaries, misused money, impairment, force.
    r"\b(?:change[sd]?|changing|alter(?:s|ed|ing)?|edit(?:s|ed|ing)?|amend(?:s|ed|ing)?|rewr(?:ote|ite|itten|iting))\s+"
    r"(?:the\s+|my\s+|her\s+|his\s+)?(?:dates?|chronology|case\s+notes|records?|entries|minutes|timescales?|visit\s+dates)\b"
    r"(?:\s+\w+){0,5}?\s+(?:before|after|to\s+(?:hide|cover|make|look)|so)\b",
    r"\b(?:chronology|records?|notes|file|minutes|dates|entries)\s+(?:was|were|got|had\s+been|has\s+been|have\s+been)\s+"
    r"(?:edited|changed|altered|deleted|amended|rewritten)\s+after\b",
    r"\brewr(?:ote|itten)\s+my\s+(?:assessment|report|recommendation|analysis|plan)\b",
    r"\b(?:made|makes|told|asked|instructed)\s+(?:me|us|staff|the\s+team)\s+(?:to\s+)?(?:delete|destroy|shred|remove|"
    r"wipe)\b",
    r"\b(?:delete|deleted|destroy|destroyed|shred|shredded|wipe|wiped)\s+(?:the\s+|all\s+the\s+)?(?:emails|messages|"
    r"evidence|files|texts)\s+(?:about|from|after|before|so)\b",
    r"\b(?:put\s+down|write|wrote|record|recorded|say|said|put)\s+(?:down\s+)?that\s+(?:i'd|i\s+had|we'd|we\s+had|"
    r"she'd|he'd|the\s+child|the\s+children|the\s+family)\b.{0,60}\b(?:never|didn't|wasn't|weren't|hadn't)\b",
    r"\b(?:visit|visits|session|meeting|review|reviews)\s+(?:i|she|he|they|we)\s+never\s+(?:actually\s+)?(?:did|made|"
    r"attended|had|went\s+to)\b",
    r"\bsigns?\s+off\s+\w+\s+(?:she|he|they)\s+(?:hasn't|haven't|didn't|never)\s+(?:even\s+)?(?:attended|read|seen|"
    r"chaired|been\s+to)\b",
    r"\b(?:copied|copy|copying|cut\s+and\s+paste\w*)\s+(?:\w+\s+){0,2}(?:from|word\s+for\s+word)\b",
    r"\bword\s+for\s+word\b",
    r"\b(?:figures|stats|statistics|data|numbers|returns)\s+(?:we\s+send\s+\w+\s+)?(?:\w+\s+){0,4}(?:aren't|are\s+not|"
    r"isn't|is\s+not)\s+(?:real|true|accurate|honest)\b",
    r"\b(?:gaming|game|games|fiddling|massaging)\s+the\s+(?:figures|system|stats|numbers|data|timescales)\b",
    r"\b(?:day|week|days)\s+before\s+(?:they|it|the\s+\w+)\s+(?:go|goes|went|would\s+go)\s+out\s+of\s+timescale\b",
    r"\b(?:tells?|told|telling)\s+(?:the\s+)?\w+\s+(?:that\s+)?(?:everything|it)(?:'s|\s+is|\s+was)\s+fine\s+when\b",
    r"\b(?:knows?|knew)\s+(?:full\s+well\s+)?(?:it'?s|it\s+is|it\s+was|that)\s+(?:not|isn't|wasn't|untrue|false)\b",
    r"\blied\b",
    r"\b(?:told|asked|instructed|pressured|pressurised|warned)\s+(?:by\s+(?:my|our|the)\s+\w+\s+)?(?:me\s+|us\s+|staff\s+)?"
    r"(?:not\s+to|to\s+not|to\s+never|never\s+to)\s+(?:mention|record|write|include|report|tell|say|put|raise|escalate|"
    r"refer|disclose|share|make\s+a\s+referral)\b",
    r"\b(?:told|asked)\s+(?:me\s+|us\s+)?to\s+(?:drop\s+it|keep\s+(?:it\s+)?quiet|let\s+it\s+go|leave\s+it)\b",
    r"\b(?:leave|left|keep|kept)\s+(?:\w+\s+){1,3}out\s+of\s+(?:the\s+)?(?:court\s+)?(?:report|record|notes|minutes|file|"
    r"statement|assessment|plan)\b",
    r"\b(?:wasn't|was\s+not|weren't|never|isn't)\s+(?:recorded|reported|logged|written\s+up)\b",
    r"\b(?:pinned|held)\s+(?:\w+\s+){0,4}(?:down|to\s+the\s+(?:floor|ground|wall))\b",
    r"\b(?:rough|heavy[- ]handed|aggressive)\s+with\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:kids|children|young\s+people|yp|residents|boys|girls|ones)\b",
    r"\b(?:grab|grabs|grabbing|grabbed|drag|drags|dragging|dragged|shov\w+|push\w*|slap\w*|hit|hits|hitting)\s+"
    r"(?:the\s+)?(?:kids|children|young\s+people|residents|younger\s+ones|boys|girls)\b",
    r"\b(?:made|makes|make)\s+(?:a|the)\s+(?:child|boy|girl|yp|young\s+person|pupil)\s+(?:stand|sit|stay|wait|kneel)\s+"
    r"(?:outside|in\s+the|for\s+(?:an\s+)?hours?|on\s+(?:his|her)\s+own)\b",
    r"\b(?:messag|text|snapchat|whatsapp|dm)\w*\s+(?:a|the|one\s+of\s+the)\s+"
    r"(?:\d{1,2}[- ]?(?:year[- ]old|yo)\s+)?(?:girl|boy|yp|young\s+person|child|care\s+leaver|teenager|"
    r"resident|pupil|\d{1,2}[- ]?(?:year[- ]old|yo))\b",
    r"\b(?:his|her)\s+(?:personal|private|own)\s+(?:phone|mobile|number|facebook|instagram|snapchat|email|account)\b",
    r"\bfriends?\s+(?:on|with)\s+(?:facebook|instagram|snapchat|social\s+media)\s+with\s+(?:a|the|one\s+of)\b",
    r"\bfriends?\s+with\s+(?:a|the)\s+(?:parent|mum|dad|family|young\s+person|yp|child|client|care\s+leaver)\s+on\s+"
    r"(?:facebook|instagram|snapchat|social\s+media)\b",
    r"\b(?:sharing|shares|shared|posting|posts|posted|gossip\w*)\s+(?:bits|details|things|information|stuff|photos)\s+"
    r"(?:about|of|from)\s+(?:the|a|her|his|their)\s+(?:case|family|families|child|children|caseload|young\s+people)\b",
    r"\b(?:visiting|seeing|meeting|sleeping\s+with|staying\s+(?:over\s+)?with)\s+(?:a|the|one\s+of\s+(?:the|her|his))\s+"
    r"(?:mum|dad|parent|mother|father|client|care\s+leaver|young\s+person|foster\s+carer)s?\b.{0,40}\b(?:at\s+night|"
    r"outside\s+(?:of\s+)?work|socially|after\s+hours|staying\s+over|at\s+weekends|in\s+the\s+evenings)\b",
    r"\bstay(?:ing|s|ed)?\s+over\b",
    r"\bin\s+return\s+for\b",
    r"\bkeep(?:ing)?\s+(?:quiet|(?:their|his|her)\s+mouths?\s+shut)\b",
    r"\b(?:giving|gives|gave|sells?|selling|sold)\s+(?:a|the)\s+(?:\w+\s+)?(?:yp|young\s+person|child|kids|resident|"
    r"residents|young\s+people|boy|girl)\s+(?:cigarettes|fags|vapes|alcohol|drugs|weed|cannabis)\b",
    r"\bpetty\s+cash\b",
    r"\b(?:money|cash|vouchers|budget|funds?|fuel\s+card|card)\s+(?:\w+\s+){0,2}meant\s+for\b",
    r"\b(?:on|for)\s+(?:her|his|their)\s+own\s+(?:shopping|use|benefit|private|personal|jobs|errands|business|kids)\b",
    r"\bfor\s+(?:her|him|them)sel(?:f|ves)\b",
    r"\b(?:work|pool|council|lease|hire)\s+car\s+for\s+(?:his|her|their)\s+own\b",
    r"\b(?:puts?|put|claims?|claimed|records?|recorded|logs?|logged)\s+(?:it\s+)?(?:down\s+)?as\s+(?:a\s+)?(?:visits?|"
    r"work|mileage|overtime|business)\b",
    r"\b(?:hungover|hung\s+over|slurring|smelt\s+of\s+(?:drink|booze|alcohol)|stinking\s+of\s+(?:drink|booze|alcohol)|"
    r"over\s+the\s+limit|drink[- ]driv\w+)\b",
    r"\bafter\s+(?:drinking|a\s+few\s+drinks|a\s+drink|the\s+pub)\b",
    r"\b(?:not\s+to|to\s+not|didn't|did\s+not|don't)\s+(?:mention|include|disclose)\b.{0,60}\b(?:court|report|conference|"
    r"panel|ofsted|inspectors|statement|assessment)\b",
)
# Findings that stand without naming who did it (the act itself implies a colleague).
_ALLEGATION_UNANCHORED = re.compile(
    r"(?i:changed|altered|deleted|rewritten|removed|shredded|cover|swept|whistle|pressur|"
    r"LADO|allegation|falsif|fabricat|backdat|edited|chronology|rewr|word\s+for\s+word|petty\s+cash|gaming|"
    r"timescale|aren't\s+real|not\s+real|hungover|slurring|told\s+to\s+drop|told\s+(?:\w+\s+)?(?:not|never)\s+to)"
)

# ---- harassment ------------------------------------------------------------------------------------------
_HARASSMENT = _rx(
    r"\b(?:bull(?:y|ied|ies|ying)|harass(?:ed|es|ing|ment)?|intimidat(?:ed|es|ing|ion)|victimi[sz](?:ed|es|ing|ation)|"
    r"belittl(?:ed|es|ing)|humiliat(?:ed|es|ing)|undermin(?:ed|es|ing)|picked\s+on|singled\s+out|"
    r"gaslight(?:ed|ing)?|scapegoat(?:ed|ing)?|ridicul(?:ed|es|ing))\b",
    r"\b(?:shout(?:s|ed|ing)?|scream(?:s|ed|ing)?|yell(?:s|ed|ing)?|swore|swears|swearing)\s+at\s+(?:me|us|staff|"
    r"colleagues|workers|people|junior|new|the\s+team|him|her|them)\b",
    r"\b(?:racis[mt]|racially|sexis[mt]|homophob\w+|transphob\w+|misogyn\w+|islamophob\w+|antisemit\w+|"
    r"discriminat(?:ed|ion|ing|ory))\b",
    r"\bsexual(?:ly)?\s+(?:harass\w*|comments?|remarks?|advances?|touch\w*)\b",
    r"\b(?:touched|groped)\s+me\b",
    r"\b(?:comments?|jokes?|remarks?)\s+about\s+my\s+(?:religion|race|colou?r|skin|"
    r"accent|weight|appearance|age|sexuality|disability|pregnancy|body|hijab|faith|nationality)\b",
    r"\btreated\s+(?:differently|unfairly|badly|worse)\b",
    r"\bmakes?\s+my\s+life\s+(?:a\s+)?(?:misery|hell)\b",
    r"\bwants?\s+me\s+out\b",
    r"\bmake\s+me\s+(?:feel\s+)?uncomfortable\b",
    r"\b(?:he|she|they)\s+won't\s+stop\b",
    r"\babusive\s+(?:voicemails?|messages?|emails?|calls?|texts?|comments?)\b",
    r"\b(?:threaten(?:ed|ing|s)?|assaulted|attacked|punched|kicked|spat\s+at|stalked|followed)\s+(?:me|us|my\s+colleague|"
    r"a\s+colleague|staff|(?:me|us)\s+home)\b",
    r"\bthreat(?:s|en|ens|ened|ening)?\s+to\s+(?:kill|hurt|harm|find|"
    r"come\s+after|get|report)\s+(?:me|us|staff|where\s+i\s+live|my)\b",
    r"\b(?:i\s+was|i've\s+been|i\s+have\s+been|"
    r"i\s+got|we\s+were|we've\s+been)\s+(?:\w+\s+)?(?:assaulted|attacked|punched|kicked|spat\s+at|stalked|threatened|"
    r"bitten|hit)\b",
    r"\b(?:scared|afraid|frightened|terrified)\s+of\s+(?:my|our|the)\s+(?:new\s+)?(?:manager|tm|pm|boss|supervisor|"
    r"director|ad|head\s+of\s+service)\b",
    r"\btears?\s+(?:me|us|people)\s+apart\b",
    r"\bmock(?:s|ed|ing)?\s+(?:me|us|people|staff)\b",
    r"\bcalls?\s+(?:me|us)\s+"
    r"(?:useless|stupid|thick|lazy|incompetent|names)\b",
    r"\b(?:messages?|comments?|texts?|jokes?)\s+about\s+"
    r"(?:my|people's|our|her|his)\s+(?:body|bodies|accents?|race|colou?r|skin|religion|weight|appearance|looks|"
    r"sexuality|disability|age)\b",
    r"\b(?:excluded|frozen\s+out|left\s+out)\s+(?:from|of)\s+(?:team\s+)?(?:meetings?|"
    r"the\s+team|emails|decisions)\b",
    r"\boverlooked\s+for\s+(?:every\s+|any\s+)?promotion\b",
    r"\bgrabbed\s+(?:me|us|my\s+colleague)\b",
    r"\bby\s+the\s+throat\b",
    r"\b(?:scream(?:ed|s|ing)?|shout(?:ed|s|ing)?|"
    r"hurl(?:ed|s|ing)?)\s+abuse\b",
    r"\bverbal(?:ly)?\s+abus\w+",
    r"\b(?:shout|shouts|shouted|shouting|scream|screams|"
    r"swear|swears)\s+at\s+(?:\w+\s+)?staff\b",
    r"\b(?:shout|shouts|shouted|shouting|scream|screams|swear|swears)\s+at\s+(?:\w+\s+)?(?:workers|colleagues|"
    r"reception)\b",
    r"\bignores?\s+me\b",
    r"\bgives?\s+me\s+all\s+the\s+(?:worst|hardest)\b",
    r"\b(?:talked|spoken|shouted)\s+(?:over|down\s+to)\b",
    r"\bdismissed\s+in\s+(?:meetings|supervision)\b",
    r"\bbecause\s+(?:i'm|i\s+am)\s+(?:a\s+)?(?:woman|man|black|asian|muslim|gay|lesbian|trans|disabled|pregnant|"
    r"older|young|polish|foreign|mum)\b",
    r"\bbecause\s+of\s+my\s+(?:race|religion|gender|age|sexuality|disability|accent|colou?r|pregnancy|hijab)\b",
    r"\bstand(?:s|ing)?\s+too\s+close\b",
    r"\bcomment(?:s|ed|ing)?\s+on\s+(?:what\s+i\s+wear|my\s+(?:body|looks|appearance|clothes|figure))\b",
    r"\bcalled\s+(?:me|a\s+colleague|her|him|us)\s+(?:a\s+)?(?:stupid|useless|thick|lazy|incompetent|names|cow|"
    r"bitch|idiot)\b",
    r"\brolls?\s+(?:her|his|their)\s+eyes\b",
    r"\bjokes?\s+at\s+my\s+expense\b",
    r"\b(?:putting|puts|put)\s+(?:his|her|their)\s+hands?\s+on\s+(?:my|me)\b",
    r"\bhand\s+on\s+my\s+(?:back|leg|knee|shoulder|bum|thigh|waist)\b",
    r"\bi've\s+asked\s+(?:him|her|them)\s+(?:not\s+to|to\s+stop)\b",
    r"\bposted\s+my\s+(?:name|photo|picture|address|details|number)\b",
    r"\bphoto\s+of\s+my\s+(?:house|car|home|family|kids)\b",
    r"\btexts?\s+me\s+(?:late\s+at\s+night|at\s+night|at\s+weekends)\b",
    r"\bgets?\s+angry\s+if\s+i\s+(?:don't|do\s+not)\b",
    r"\b(?:freeze|freezes|froze|freezing)\s+(?:me\s+|people\s+|anyone\s+)?out\b",
    r"\bclique\b",
    r"\bmy\s+accent\b",
    r"\btoo\s+emotional\s+(?:to|because)\b",
    # General bullying, harassment and intimidation vocabulary.
    r"\b(?:comments?|remarks?|digs?|jokes?|notes?|messages?|questions?)\s+(?:\w+\s+){0,4}(?:about|on)\s+my\s+(?:hijab|"
    r"headscarf|turban|religion|faith|race|colou?r|skin|hair|accent|weight|size|appearance|looks|age|sexuality|"
    r"disability|pregnancy|body|figure|chest|breasts|bum|legs|clothes|nationality|ethnicity|mental\s+health|"
    r"maternity|part[- ]time|being\s+\w+)\b",
    r"\b(?:making|makes|made)\s+digs\b",
    r"\bdigs\s+(?:at|about)\s+me\b",
    r"\bwhere\s+i'?m\s+(?:really|actually|originally)\s+from\b",
    r"\btouch(?:es|ed|ing)?\s+my\s+(?:hair|hijab|bum|leg|legs|knee|thigh|waist|chest|breasts?|face|neck)\b",
    r"\bwhat\s+i'?m\s+wearing\b",
    r"\b(?:keeps?|kept)\s+asking\s+me\s+out\b",
    r"\bwon't\s+take\s+no\b",
    r"\b(?:made|makes|making)\s+(?:an?\s+)?(?:inappropriate|sexual|lewd|crude|racist|sexist)\s+(?:comments?|remarks?|"
    r"jokes?|gestures?)\b",
    r"\binappropriate\s+(?:comments?|remarks?|messages?|texts?|touching|behaviour)\s+(?:about|to|towards|at)\s+me\b",
    r"\b(?:pushed|shoved|pinned|slapped|headbutted|hit|elbowed|cornered|barged)\s+(?:me|us|my\s+colleague)\b",
    r"\bi\s+(?:was|got|have\s+been|'ve\s+been)\s+(?:\w+\s+)?(?:pushed|shoved|pinned|slapped|headbutted|cornered|"
    r"sworn\s+at|spat\s+on|called\s+\w+)\b",
    r"\b(?:got|been|was|were|get|getting)\s+sworn\s+at\b",
    r"\bcalled\s+(?:me\s+)?an?\s+(?:c\W+|\w+\s+)?(?:c\*+|b\*+|cow|bitch|slag|terrorist|paki|snowflake|idiot|"
    r"child\s+snatcher|\w+\s+snatcher|liar|\w*[*]\w*)\b",
    r"\b(?:called|calling|calls)\s+me\s+(?:a|an)\s+(?!star|legend|hero|godsend|gem|superstar|natural|asset)\w+",
    r"\b(?:i've|i\s+have|i\s+was|i'm|i\s+am|i\s+get|i\s+got)\s+(?:been\s+|being\s+)?called\s+(?:a|an)\s+\w+",
    r"\b(?:turn(?:s|ed)?\s+up|turning\s+up|came|come|comes)\s+(?:at|to|outside)\s+my\s+(?:house|home|door|flat|"
    r"address|kids'\s+school)\b",
    r"\b(?:waits?|waiting|waited|hangs?\s+around|hanging\s+around|lurk\w*)\s+(?:\w+\s+){0,4}for\s+me\b",
    r"\b(?:waits?|waiting|waited|hangs?\s+around|hanging\s+around|lurk\w*)\s+(?:outside|near)\s+my\s+(?:house|home|car|flat)\b",
    r"\bfollow(?:s|ed|ing)?\s+me\b",
    r"\b(?:got|has|knows|found|found\s+out|gets)\s+my\s+(?:home\s+)?(?:address|number|phone\s+number)\b",
    r"\b(?:posting|posted|posts|writing|wrote|saying\s+things)\s+(?:\w+\s+)?about\s+me\s+(?:on|online|in)\b",
    r"\bposting\s+about\s+me\b",
    r"\bthreaten(?:s|ed|ing)?\s+(?:me\s+|us\s+|people\s+|staff\s+)?(?:with|to\s+put)\s+(?:\w+\s+){0,2}(?:disciplinary|"
    r"capability|the\s+sack|dismissal|hr|formal|performance)\b",
    r"\bthreatened\s+with\s+(?:disciplinary|capability|the\s+sack|dismissal)\b",
    r"\b(?:tears?|tore|tearing|rips?|ripped|ripping|lays?\s+into|laid\s+into|lay\s+into)\s+into\s+(?:me|us|people|"
    r"staff|people's|my|our)\b",
    r"\b(?:tears?|tore|tearing|rips?|ripped|ripping)\s+into\b",
    r"\b(?:criticis\w+|belittl\w+|berat\w+|tells?\s+(?:me|people|us)\s+off|told\s+(?:me|us)\s+off|shames?|shamed|"
    r"mocks?|mocked|laughs?\s+at|forwards?|forwarded|dresse?s?\s+(?:me|us|people)\s+down)\b.{0,60}\bin\s+front\s+of\b",
    r"\bforwards?\s+(?:\w+\s+){0,3}(?:round|to)\s+the\s+whole\s+team\b",
    r"\b(?:stopped|stop|stops|won't|refuses?\s+to|doesn't|don't)\s+(?:speaking|talking|speak|talk)\s+to\s+me\b",
    r"\bstop\s+talking\s+when\s+i\b",
    r"\b(?:talks?|talking|talked|gossip\w*|bitch\w*)\s+about\s+me\b",
    r"\bbehind\s+my\s+back\b",
    r"\bleft\s+out\s+of\s+(?:everything|things|meetings|emails|the\s+loop\s+on\s+purpose|team\s+\w+)\b",
    r"\bexclud(?:ed|es|ing)\s+me\b",
    r"\b(?:i'm|i\s+am|i've\s+been|i\s+was)\s+(?:being\s+)?(?:deliberately\s+)?(?:excluded|ostracised|targeted|blanked)\b",
    r"\btarget(?:s|ed|ing)\s+me\b",
    r"\b(?:monitor\w*|watch\w*|scrutinis\w*)\s+my\s+every\s+(?:move|word|email)\b",
    r"\b(?:made|making|make|makes)\s+my\s+(?:working\s+)?life\s+(?:a\s+)?(?:misery|hell|unbearable|a\s+nightmare)\b",
    r"\bculture\s+of\s+fear\b",
    r"\bhauled\s+in(?:to)?\b",
    r"\bwitch[- ]?hunt\b",
    r"\bbecause\s+of\s+(?:one|a\s+certain|a\s+particular|this)\s+(?:person|colleague|manager|individual|senior|woman|man)\b",
    r"\b(?:constantly|always|keeps?|continually)\s+(?:criticis\w+|picking\s+on\s+me|having\s+a\s+go\s+at\s+me|"
    r"putting\s+me\s+down|puts?\s+me\s+down|undermin\w+|humiliat\w+)\b",
    r"\b(?:picks?|picking)\s+on\s+me\b",
    r"\bhaving\s+a\s+go\s+at\s+me\b",
    r"\b(?:puts?|putting)\s+me\s+down\b",
    r"\b(?:don't|doesn't|didn't)\s+want\s+(?:a|an)\s+(?:gay|lesbian|black|asian|muslim|jewish|disabled|trans|female|"
    r"pregnant|older)\s+(?:man|woman|person|worker|colleague|manager)\b",
    r"\b(?:screams?|shouts?|yells?|screamed|shouted|yelled|screaming|shouting|yelling|bellows?|barks?|snaps?|snapped)\s+"
    r"(?:\w+\s+){0,4}at\s+me\b",
    r"\b(?:wolf[- ]whistl\w+|leer\w*|ogl\w+|creepy)\b",
)
_HARASSMENT_NOT = re.compile(
    r"(?i:\b(?:bullying|harassment|discrimination|racism|equality|anti[- ]bullying)"
    r"(?:\s+and\s+\w+)?" + _TOPIC + r"|\banti[- ]bullying\b|\bbullying\s+(?:at|in)\s+school\b|"
    r"\bcyber[- ]?bullying\b|\b(?:bullying|harassment|discrimination)\s+(?:reporting|complaints?)\s+"
    r"(?:route|process|system|form|line)\b)"
)

# ---- writer_risk -----------------------------------------------------------------------------------------
_FIRST_PERSON = re.compile(r"(?i:\b(?:i|i'm|im|i've|i'd|i'll|me|my|myself)\b)")
_WRITER = _rx(
    r"\b(?:can't|cannot|can\s+not)\s+(?:go\s+on|carry\s+on|keep\s+going|do\s+this\s+any\s*more)\b",
    r"\bbreaking\s+point\b",
    r"\bsuicid\w+",
    r"\bkill(?:ing)?\s+myself\b",
    r"\bend(?:ing)?\s+it\s+all\b",
    r"\bend(?:ing)?\s+my\s+(?:own\s+)?life\b",
    r"\btak(?:e|ing)\s+my\s+(?:own\s+)?life\b",
    r"\bwant\s+to\s+die\b",
    r"\bbetter\s+off\s+(?:dead|without\s+me|if\s+i\s+(?:wasn't|was\s+not|weren't|were\s+not)\s+(?:here|around|alive))\b",
    r"\bwish\s+i\s+(?:was|were)\s+dead\b",
    r"\b(?:no|nothing\s+to)\s+(?:reason\s+to\s+)?live\s+for\b",
    r"\bdon't\s+want\s+to\s+(?:be\s+here|wake\s+up|live|exist)\b",
    r"\b(?:harm|hurt)(?:ing)?\s+myself\b",
    r"\bwalk(?:ing)?\s+(?:into|in\s+front\s+of)\s+(?:traffic|a\s+(?:bus|train|car|lorry))\b",
    r"\bwhat\s+i\s+might\s+do\b",
    r"\b(?:don't|can't|cannot)\s+see\s+(?:the|any)\s+point\b",
    r"\bno\s+point\s+in\s+"
    r"(?:anything|going\s+on|living|carrying\s+on)\b",
    r"\bself[- ]harm\w*",
    r"\bin\s+crisis\b",
    r"\b(?:having\s+)?(?:a\s+)?(?:nervous\s+)?breakdown\b",
    r"\bpanic\s+attacks?\b",
    r"\bnot\s+coping\b",
    r"\b(?:i'm|i\s+am|i\s+feel\s+like\s+i'm)\s+falling\s+apart\b",
    r"\bend\s+of\s+my\s+tether\b",
    r"\b(?:completely|totally|utterly)\s+broken\b",
    r"\b(?:shaking|sobbing|crying)\s+(?:and\s+(?:shaking|crying)\s+)?(?:every|before|in\s+the\s+(?:car|toilets)|at\s+my\s+"
    r"desk|myself\s+to\s+sleep|most)\b",
    r"\b(?:shaking|sobbing)\s+and\s+crying\b",
    r"\bcry(?:ing)?\s+every\s+(?:day|night)\b",
    r"\b(?:i|i\s+really|i\s+just)\s+(?:can't|cannot)\s+cope\b",
    r"\bcan't\s+cope\s+any\s*(?:more|longer)\b",
    r"\b(?:am|i'm|im)\s+not\s+ok(?:ay)?\b",
    r"\bhaven't\s+been\s+ok(?:ay)?\b",
    r"\bhopeless(?:ness)?\b",
    r"\b(?:want|wanted|wanting|feel\s+like|thought\s+about|think\s+about)\s+(?:to\s+)?(?:just\s+)?"
    r"(?:disappear(?:ing)?|not\s+(?:coming|being)\s+back)\b",
    r"\bstop(?:ped)?\s+existing\b",
    r"\bcrash(?:ing)?\s+the\s+car\b",
    r"\bdark\s+thoughts\b",
    r"\b(?:can't|cannot)\s+see\s+a\s+way\s+(?:out|forward|through)\b",
    r"\bon\s+the\s+edge\b",
    r"\bdrinking\s+(?:every|each|most)\s+(?:night|day|evening)\b",
    r"\b(?:struggl\w+|can't)\s+(?:to\s+)?get\s+out\s+of\s+bed\b",
    r"\bmental\s+health\s+(?:has\s+)?(?:collapsed|crashed|is\s+in\s+pieces|has\s+gone)\b",
    r"\bnobody\s+would\s+(?:notice|care)"
    r"\s+if\s+i\b",
    r"\bfeel\s+(?:so\s+)?(?:desperate|worthless|empty|numb)\b",
    r"\b(?:driv(?:e|ing)|walk(?:ing)?|run(?:ning)?)\s+away\s+and\s+never\b",
    r"\bnever\s+(?:coming\s+back|waking\s+up|stopping)\b",
    r"\bhow\s+low\s+(?:i'm|i\s+am|i've)\b",
    r"\b(?:feel|feeling|felt|i'm|i\s+am|i've\s+been)\s+(?:so|really|very|incredibly)\s+low\b",
    r"\bno\s+way\s+out\b",
    r"\bleav(?:e|ing)\s+this\s+world\b",
    r"\b(?:everything|life|it\s+all)\s+(?:feels|seems|is)\s+(?:pointless|hopeless|meaningless)\b",
    r"\bstopped\s+caring\s+(?:what\s+happens|about\s+myself|if\s+i)\b",
    r"\banti-?depressants\b",
    r"\bgoing\s+to\s+(?:snap|break|crack)\b",
    r"\bbarely\s+holding\s+(?:it|myself|on)\b",
    r"\bholding\s+it\s+together\b",
    r"\bcan't\s+stop\s+crying\b",
    r"\bcrying\s+(?:all\s+the\s+time|constantly)\b",
    r"\bin\s+case\s+something\s+happens\s+to\s+me\b",
    r"\bletters?\s+to\s+my\s+(?:kids|children|family|partner|husband|wife|son|daughter)\b",
    r"\b(?:cope|be|manage|do)\s+better\s+without\s+me\b",
    r"\bscared\s+of\s+myself\b",
    r"\b(?:taking|take|took)\s+all\s+my\s+(?:tablets|pills|medication)\b",
    r"\bnot\s+sleeping,?\s+not\s+eating\b",
    r"\bnothing\s+left\s+to\s+give\b",
    r"\bhow\s+much\s+longer\s+i\s+can\s+(?:carry\s+on|go\s+on|keep\s+going|do\s+this|cope)\b",
    r"\b(?:won't|wouldn't|will\s+not)\s+be\s+here\s+(?:much\s+longer|next|for\s+long)\b",
    # General crisis vocabulary of the writer: hopelessness, self-harm, drinking to cope, intrusive thoughts.
    r"\b(?:drinking|drink|wine|vodka|gin|bottle|alcohol)\b.{0,40}\b(?:to\s+(?:cope|switch\s+off|sleep|get\s+(?:to\s+sleep|"
    r"through)|forget|numb|function|block)|every\s+(?:night|day|evening)|most\s+nights|just\s+to)\b",
    r"\bself[- ]medicat\w+",
    r"\b(?:don't|do\s+not|dont)\s+know\s+how\s+(?:long|much\s+longer)\s+i\s+can\s+(?:keep|go|carry|cope|do|last|hold|"
    r"take)\b",
    r"\bno\s+point\s+(?:to|in)\s+(?:anything|any\s+of\s+it|life|me)\b",
    r"\b(?:don't|do\s+not|dont)\s+(?:really\s+)?care\s+(?:what\s+happens\s+to\s+me|if\s+i\s+(?:live|die|wake|make))\b",
    r"\b(?:wouldn't|would\s+not)\s+(?:be\s+)?(?:the\s+worst\s+thing|mind|care)\s+if\s+i\b",
    r"\bif\s+i\s+(?:just\s+)?(?:didn't|did\s+not|don't|never)\s+(?:make\s+it|wake\s+up|come\s+back|get\s+home|exist|"
    r"come\s+home)\b",
    r"\b(?:hurting|harming|cutting|burning|punishing)\s+myself\b",
    r"\b(?:thoughts?|thinking|thought|think)\s+(?:of|about)\s+(?:hurting|harming|killing|ending|not\s+being|cutting)\b",
    r"\bflashbacks?\b",
    r"\bcan't\s+stop\s+(?:shaking|crying|thinking\s+about\s+(?:dying|ending))\b",
    r"\bhow\s+many\s+(?:of\s+my\s+)?(?:tablets|pills|paracetamol)\b",
    r"\b(?:don't|do\s+not|can't|cannot)\s+(?:really\s+)?see\s+(?:a|any)\s+(?:future|way\s+forward|end\s+to\s+it|"
    r"way\s+out)\b",
    r"\b(?:feels?|feeling|felt|everything|things|it's\s+all)\s+(?:\w+\s+){0,2}(?:very|so|really|pretty|quite)\s+dark\b",
    r"\bdark\s+place\b",
    r"\blosing\s+my\s+mind\b(?!\s+(?:with|over|about))",
    r"\bmeltdowns?\b",
    r"\b(?:scared|frightened|worried|afraid)\s+(?:of\s+)?(?:where|how)\s+my\s+head\s+is\b",
    r"\b(?:frightening|scary|intrusive|bad|awful|horrible|suicidal|terrible)\s+thoughts\b",
    r"\bthoughts\s+i'?ve\s+never\s+had\b",
    r"\bthinking\s+(?:some\s+)?(?:frightening|scary|dark|awful|terrible)\s+things\b",
    r"\bnot\s+in\s+a\s+good\s+place\b",
    r"\bnot\s+(?:eating|sleeping),?\s+(?:and\s+)?not\s+(?:eating|sleeping)\b",
    r"\bcry(?:ing)?\s+(?:in\s+the\s+car|at\s+my\s+desk|in\s+the\s+toilets?)\s+(?:most|every)\b",
    r"\bcry\s+(?:most|every)\s+(?:mornings?|nights?|days?)\b",
    r"\b(?:i'm|i\s+am|im)\s+(?:just\s+|so\s+|completely\s+)?done\s*(?:[.!]|$|,\s+(?:with\s+)?(?:everything|all\s+of\s+it))",
    r"\bdone\s+with\s+(?:everything|life|it\s+all|living)\b",
    r"\b(?:i've|i\s+have|ive)\s+given\s+up\b(?!\s+(?:on|trying|asking|hoping)\s+(?:the|this|getting|for|asking|"
    r"anyone|them|it))",
    r"\bfeel(?:s|ing)?\s+(?:so\s+|really\s+|completely\s+|totally\s+)?(?:\w+\s+and\s+)?(?:trapped|desperate|worthless|"
    r"hopeless|numb|empty)\b",
    r"\bend\s+of\s+the\s+road\b",
    r"\bcan't\s+face\s+(?:another|going|it|anything|the\s+day|tomorrow|people)\b",
    r"\b(?:family|kids|partner|children|wife|husband|everyone)\s+would\s+be\s+better(?:\s+off)?\b",
    r"\b(?:relief|peace|easier)\s+if\s+i\s+(?:got|was|were|just)\b",
    r"\b(?:wish|wonder|relief|hope|mind|if\s+i)\b.{0,40}\b(?:hit|run\s+over|knocked\s+down)\s+by\s+a\s+(?:car|bus|lorry|train)\b",
    r"\bbetter\s+if\s+i\s+(?:wasn't|wasnt|was\s+not|weren't|were\s+not)\b",
    r"\b(?:wish|wishing)\s+i\s+(?:could\s+)?(?:disappear|sleep\s+forever|not\s+wake|wasn't\s+here|was\s+gone)\b",
    r"\b(?:what's|what\s+is)\s+the\s+point\s+(?:of\s+(?:anything|it\s+all|me|living))?\s*[?.!]*$",
    r"\b(?:i'm|i\s+am)\s+(?:so\s+|really\s+)?(?:scared|frightened)\s+(?:of\s+)?what\s+i\b",
)
# Figures of speech of a stretched workforce: they are complaints, not crises.
_WRITER_NOT = re.compile(
    r"(?i:\b(?:killing\s+me|kill\s+me\s+off|drowning\s+in|dying\s+(?:for|to)|to\s+die\s+for|"
    r"want\s+to\s+scream|self[- ]harm(?:ing)?"
    + _TOPIC
    + r"|suicide"
    + _TOPIC
    + r"|crisis"
    + _TOPIC
    + r"|crisis\s+(?:team|line|service))\b)"
)
_OTHERS_SUBJECT = re.compile(
    r"(?i:\b(?:they|he|she|people|staff|families|colleagues|workers|carers|parents|managers|"
    r"children|young\s+people|pupils|the\s+team|the\s+service|services?|child|boy|girl|son|"
    r"daughter|baby|yp|young\s+person|teenager|kids?|(?:year|yr)[- ]old)\b(?:\s+\w+){0,3}\s*$)"
)


class SensitiveCommentFlagger:
    """Flag comments that need a moderator's eye before they reach any dashboard.

    Parameters
    ----------
    kinds:
        The flag kinds to look for (default: all of ``FLAG_KINDS``).
    """

    def __init__(self, kinds: Iterable[str] = FLAG_KINDS) -> None:
        self.kinds = kinds

    def fit(self, texts: Iterable[str] | None = None, y: object = None) -> SensitiveCommentFlagger:
        """No-op (the rules are fixed); present for scikit-learn-style pipelines."""
        return self

    def flag_many(self, texts: Iterable[str]) -> list[list[Flag]]:
        """Flags for each text, in order."""
        return [self.flag(t) for t in texts]

    def flag(self, text: str) -> list[Flag]:
        """The flags raised by ``text`` (at most one per kind), in ``FLAG_KINDS`` order."""
        kinds = set(self.kinds)
        unknown = kinds - set(FLAG_KINDS)
        if unknown:
            raise ValueError(f"unknown flag kinds: {sorted(unknown)}")
        text = (text or "").replace("’", "'").replace("‘", "'")
        sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+|\s+-\s+", text) if s.strip()]
        # A child described in one sentence anchors harm told in another ("Ellie is 6. Dad hits mum.").
        child_named = any(_CHILD_NOUN.search(s) for s in sentences)
        found: dict[str, tuple[int, str]] = {}
        for kind in FLAG_KINDS:
            if kind not in kinds:
                continue
            for i, sentence in enumerate(sentences):
                phrase = (
                    _child_risk(sentence, child_named) if kind == "child_risk" else _CHECKS[kind](sentence)
                )
                if phrase:
                    found[kind] = (i, phrase)
                    break
        if "child_risk" in found and "allegation" in found and "allegation" in kinds:
            # Harm to a child by staff is an allegation; keep child_risk only if another sentence has one.
            i = found["allegation"][0]
            rest = [s for j, s in enumerate(sentences) if j != i]
            other = next((p for s in rest if (p := _child_risk(s, child_named))), None)
            if other:
                found["child_risk"] = (-1, other)
            else:
                del found["child_risk"]
        return [Flag(k, f"{_DESCRIBE[k]} ('{found[k][1]}')") for k in FLAG_KINDS if k in found and k in kinds]


def _search(rx: re.Pattern[str], sentence: str, exclude: re.Pattern[str] | None) -> re.Match[str] | None:
    masked = exclude.sub(lambda m: " " * len(m.group()), sentence) if exclude else sentence
    return rx.search(masked)


def _writer_subject(sentence: str, m: re.Match[str]) -> bool:
    """Whether the writer is the one affected: a first-person word and no other subject just before."""
    return bool(_FIRST_PERSON.search(sentence)) and not _OTHERS_SUBJECT.search(sentence[: m.start()][-40:])


def _child_risk(sentence: str, child_named: bool = False) -> str | None:
    m = _search(_CHILD_HARM, sentence, _CHILD_NOT)
    if not m:
        return None
    if re.search(r"(?i)\b(?:i|we|i've|we've|i'm|we're)\s+$", sentence[: m.start()]):
        return None  # the writer's own state ("I haven't eaten all day"), not a child's
    if not _CHILD_ANCHOR.search(sentence) and not (
        child_named and not _FIRST_PERSON_SUBJECT.search(sentence[: m.start()])
    ):
        return None
    if re.search(r"(?i)suicid|self[- ]harm|overdos", m.group()) and re.search(
        r"(?i)\b(?:i|i'm|i've|i\s+have|i\s+am|i\s+was|i\s+had|myself)\b(?:\s+\w+){0,3}\s*$",
        sentence[: m.start()],
    ):
        return None  # the writer's own crisis is writer_risk
    return m.group().strip()


def _allegation(sentence: str) -> str | None:
    m = _search(_ALLEGATION, sentence, None)
    if not m:
        return None
    if _COLLEAGUE.search(sentence) or _ALLEGATION_UNANCHORED.search(m.group()):
        return m.group().strip()
    return None


def _harassment(sentence: str) -> str | None:
    m = _search(_HARASSMENT, sentence, _HARASSMENT_NOT)
    return m.group().strip() if m else None


def _writer_risk(sentence: str) -> str | None:
    m = _search(_WRITER, sentence, _WRITER_NOT)
    if m and _writer_subject(sentence, m):
        return m.group().strip()
    return None


_CHECKS = {
    "child_risk": _child_risk,
    "allegation": _allegation,
    "harassment": _harassment,
    "writer_risk": _writer_risk,
}
