"""The metadata a school gives the programme at enrolment: where it is and what kind of school it is.
Codes travel and are stored; the words are looked up here in the reader's language."""
from __future__ import annotations

import re

GOVERNORATES = {
    "akkar": ("عكار", "Akkar", "Akkar"),
    "baalbek-hermel": ("بعلبك - الهرمل", "Baalbek-Hermel", "Baalbek-Hermel"),
    "beirut": ("بيروت", "Beyrouth", "Beirut"),
    "beqaa": ("البقاع", "Békaa", "Beqaa"),
    "keserwan-jbeil": ("كسروان - جبيل", "Kesrouan-Jbeil", "Keserwan-Jbeil"),
    "mount-lebanon": ("جبل لبنان", "Mont-Liban", "Mount Lebanon"),
    "nabatieh": ("النبطية", "Nabatieh", "Nabatieh"),
    "north": ("الشمال", "Liban-Nord", "North"),
    "south": ("الجنوب", "Liban-Sud", "South"),
}
SCHOOL_TYPES = {
    "primary": ("ابتدائية", "primaire", "primary"),
    "intermediate": ("متوسطة", "complémentaire", "intermediate"),
    "secondary": ("ثانوية", "secondaire", "secondary"),
    "complete": ("من الروضة إلى الثانوي", "de la maternelle au secondaire", "kindergarten to secondary"),
}
DISTRICT_RE = re.compile(r"^[a-z][a-z-]{1,39}$")  # e.g. "tyre", "zahle", "west-beqaa"
LOCALES = ("ar", "fr", "en")


def name(table: dict, code: str, locale: str) -> str:
    words = table.get(code)
    return words[LOCALES.index(locale)] if words and locale in LOCALES else code


def check_place(governorate: str, district: str, school_type: str) -> str | None:
    """None when the three are valid codes; otherwise which one is wrong."""
    if governorate not in GOVERNORATES:
        return "governorate"
    if not DISTRICT_RE.match(district or ""):
        return "district"
    if school_type not in SCHOOL_TYPES:
        return "school_type"
    return None
