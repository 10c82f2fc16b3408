"""Flag comments that may disclose a risk to a child, an allegation about a colleague, bullying or harassment,
or a risk to the writer, so the app can send them to a moderation queue instead of a dashboard.

Each flag carries a short reason naming the words that triggered it. The rules are hand-written: within one
sentence, a harm phrase must meet an anchor that ties it to someone in particular (a named or described child
for ``child_risk``, a colleague or manager for ``allegation``, the writer for ``writer_risk``), and topic uses
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
    r"budget|specialist|officer|clinic|referrals?|tool|tools|audit)\b)"
)

# ---- child_risk ------------------------------------------------------------------------------------------
# A particular child: "a/the/this/my Year 3 boy", "a 16 year old", "the twins", a name, a pronoun.
_CHILD_ANCHOR = re.compile(
    r"(?i:\[name\]|\b(?:a|an|the|this|that|one|my|our|his|her|their)\s+"
    r"(?:(?:little|young|new|\d{1,2}[- ]?(?:year|yr)[- ]?old|year\s*\d{1,2}|y\d{1,2}|teenage|older|younger|"
    r"eldest|youngest)\s+)*(?:child|boy|girl|baby|toddler|teenager|young\s+person|yp|pupil|student|kid|infant|son|"
    r"daughter|newborn|twins|siblings|kids|children|brothers|sisters|girls|boys)\b|\bbaby\b|"
    r"\b\d{1,2}[- ]?(?:year|yr)[- ]?old\b|\b(?:one|two|three|both)\s+of\s+(?:the|my|our)\s+"
    r"(?:children|girls|boys|yp|young\s+people|pupils|kids|looked\s+after\s+children)\b|"
    r"\b(?:he|she|him|her)\b)|"
    # A capitalised first name opening what is said of a child ("Sasha keeps going missing").
    r"(?:^|[.!?]\s+)[A-Z][a-z]+\b(?=\s+(?:\(|(?i:in\s+year|is|was|has|had|went|goes|ran|keeps|told|said|disclosed)\b))"
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
    r"\bgives?\s+(?:the\s+baby|him|her|them|the\s+children|the\s+kids)\s+(?:her|his|their\s+)?(?:own\s+)?"
    r"(?:medication|tablets|pills|drugs|alcohol|vodka|sleeping\s+pills)\b",
    r"\b(?:drugs|needles|syringes)\s+(?:in|around)\s+the\s+(?:house|flat|home)\b",
)
# Generic, non-event uses: "CP cases", "exploitation team", "self-harm training", "risk of exclusion".
_CHILD_NOT = re.compile(
    r"(?i:\b(?:exploitation|missing|self[- ]harm(?:ing)?|cse|cce|fgm|da|dv|abuse|neglect|grooming|"
    r"suicide|domestic\s+abuse|domestic\s+violence)" + _TOPIC + r")"
)

# ---- allegation ------------------------------------------------------------------------------------------
_COLLEAGUE = _rx(
    r"\b(?:manager|managers|tm|pm|sw|social\s+worker|worker|colleague|colleagues|supervisor|senior|seniors|director|"
    r"ad|head\s+of\s+service|hos|iros?|member\s+of\s+staff|staff\s+member|practitioner|boss|chair|leader|leaders|"
    r"leadership|someone\s+in\s+(?:my|our|the)\s+team|foster\s+carer|residential\s+worker|agency\s+worker)\b",
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
)
# Findings that stand without naming who did it (the act itself implies a colleague).
_ALLEGATION_UNANCHORED = re.compile(
    r"(?i:changed|altered|deleted|rewritten|removed|shredded|cover|swept|whistle|pressur|"
    r"LADO|allegation|falsif|fabricat|backdat)"
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
        sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
        out: list[Flag] = []
        for kind in FLAG_KINDS:
            if kind in kinds:
                phrase = next((p for s in sentences if (p := _CHECKS[kind](s))), None)
                if phrase:
                    out.append(Flag(kind, f"{_DESCRIBE[kind]} ('{phrase}')"))
        return out


def _search(rx: re.Pattern[str], sentence: str, exclude: re.Pattern[str] | None) -> re.Match[str] | None:
    masked = exclude.sub(lambda m: " " * len(m.group()), sentence) if exclude else sentence
    return rx.search(masked)


def _writer_subject(sentence: str, m: re.Match[str]) -> bool:
    """Whether the writer is the one affected: a first-person word and no other subject just before."""
    return bool(_FIRST_PERSON.search(sentence)) and not _OTHERS_SUBJECT.search(sentence[: m.start()][-40:])


def _child_risk(sentence: str) -> str | None:
    m = _search(_CHILD_HARM, sentence, _CHILD_NOT)
    if not m or not _CHILD_ANCHOR.search(sentence):
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
