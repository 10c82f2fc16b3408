"""The demo council's organisation: service areas, teams, schools and partners (all invented)."""

from __future__ import annotations

from dataclasses import dataclass

DIRECTORATE = ("childrens-services", "Children's Services")

# (service area key, name, [(team key, team name, headcount)])
SERVICE_AREAS: tuple[tuple[str, str, tuple[tuple[str, str, int], ...]], ...] = (
    (
        "front-door",
        "Front door and MASH",
        (("mash", "MASH team", 16), ("contact-referral", "Contact and referral", 11)),
    ),
    (
        "assessment",
        "Assessment",
        (("assessment-1", "Assessment team 1", 14), ("assessment-2", "Assessment team 2", 13)),
    ),
    (
        "area-teams",
        "Area teams",
        (
            ("area-north", "Area team North", 17),
            ("area-south", "Area team South", 16),
            ("area-east", "Area team East", 15),
            ("area-west", "Area team West", 15),
        ),
    ),
    (
        "children-in-care",
        "Children in care",
        (("cic-1", "Children in care team 1", 14), ("cic-2", "Children in care team 2", 13)),
    ),
    ("leaving-care", "Leaving care", (("leaving-care-team", "Leaving care team", 14),)),
    (
        "fostering-adoption",
        "Fostering and adoption",
        (("fostering", "Fostering team", 12), ("adoption", "Adoption team", 8)),
    ),
    (
        "early-help",
        "Early help hubs",
        (("eh-north", "Early help hub North", 15), ("eh-south", "Early help hub South", 14)),
    ),
    (
        "quality-assurance",
        "Quality assurance",
        (("iro-service", "IRO and CP chairs", 10), ("qa-audit", "Audit and practice standards", 6)),
    ),
)

AREAS = ("North", "South", "East", "West")
PHASES = (
    ("primary", "Primary schools"),
    ("secondary", "Secondary schools"),
    ("special", "Special schools"),
    ("alternative_provision", "Alternative provision"),
)

_PRIMARY_NAMES = (
    "Abbey Fields",
    "Ashgrove",
    "Beckside",
    "Birchwood",
    "Brook Lane",
    "Castlegate",
    "Church Hill",
    "Cranmoor",
    "Elmfield",
    "Fernbank",
    "Glebe",
    "Hawthorn",
    "Highfield",
    "Holly Bank",
    "Kingsmead",
    "Larkrise",
    "Linden",
    "Meadowside",
    "Millbrook",
    "Northmoor St Anne's",
    "Oakwood",
    "Orchard",
    "Riverside",
    "Rowan",
    "Whitecross",
)
_SECONDARY_NAMES = (
    "Northmoor Academy",
    "Castle View School",
    "Westgate High",
    "St Hilda's Catholic High",
    "Eastfield Academy",
    "Moorside School",
    "Southbank Community College",
    "Kingsway Academy",
    "Beacon Hill School",
)
_SPECIAL_NAMES = ("Willow Park School", "Harbour School", "The Bridges Academy")
_AP_NAMES = ("Northmoor Pupil Referral Unit", "Stepping Stones AP", "The Learning Centre")
OTHER_PARTNERS = (
    ("icb", "Northmoor Integrated Care Board", "health"),
    ("community-health", "Northmoor Community Health Trust", "health"),
    ("camhs", "CAMHS (Northmoor)", "health"),
    ("police-cpu", "Police child protection unit", "police"),
    ("police-neighbourhood", "Neighbourhood policing", "police"),
)


@dataclass(frozen=True)
class PartnerSpec:
    """One invented partner organisation."""

    key: str
    name: str
    partner_type: str
    area: str | None


def schools() -> list[PartnerSpec]:
    """Forty invented schools, spread across the four areas by phase."""
    specs = []
    for phase, names in (
        ("primary", _PRIMARY_NAMES),
        ("secondary", _SECONDARY_NAMES),
        ("special", _SPECIAL_NAMES),
        ("alternative_provision", _AP_NAMES),
    ):
        for index, name in enumerate(names):
            suffix = "" if phase != "primary" else " Primary School"
            key = "school-" + name.lower().replace("'", "").replace(" ", "-")
            specs.append(PartnerSpec(key, name + suffix, phase, AREAS[index % len(AREAS)]))
    return specs
