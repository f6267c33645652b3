"""The curriculum frameworks' names in the teacher's language.

Lessons name AI4K12 big ideas and UNESCO competencies by their exact English names (content/schema.py
checks them); a teacher reading the guide in Arabic or French sees them translated, with the framework
named, and never an empty "· ·" when a lesson lists none. Fixed terms kept as data, like reports/labels.py.
"""
from __future__ import annotations

from ..i18n import LOCALES

LANG_INDEX = {code: index for index, code in enumerate(LOCALES)}  # ar, fr, en: the tuples below

FRAMEWORKS = {
    "ai4k12": ("الأفكار الخمس الكبرى (AI4K12)", "Les cinq grandes idées (AI4K12)", "Five Big Ideas (AI4K12)"),
    "unesco": ("إطار كفاءات الذكاء الاصطناعي للتلاميذ (اليونسكو)",
               "Référentiel de compétences en IA pour les élèves (UNESCO)",
               "AI Competency Framework for Students (UNESCO)"),
}

BIG_IDEAS = {
    "Perception": ("الإدراك", "Perception"),
    "Representation & Reasoning": ("التمثيل والاستدلال", "Représentation et raisonnement"),
    "Learning": ("التعلّم", "Apprentissage"),
    "Natural Interaction": ("التفاعل الطبيعي", "Interaction naturelle"),
    "Societal Impact": ("الأثر في المجتمع", "Impact sociétal"),
}

COMPETENCIES = {
    "Human agency": ("الإرادة البشرية", "Agentivité humaine"),
    "Human accountability": ("المساءلة البشرية", "Responsabilité humaine"),
    "Citizenship in the era of AI": ("المواطنة في عصر الذكاء الاصطناعي", "Citoyenneté à l'ère de l'IA"),
    "Embodied ethics": ("الأخلاقيات في الممارسة", "Éthique incarnée"),
    "Safe and responsible use": ("الاستخدام الآمن والمسؤول", "Utilisation sûre et responsable"),
    "Ethics by design": ("الأخلاقيات منذ التصميم", "Éthique dès la conception"),
    "AI foundations": ("أسس الذكاء الاصطناعي", "Fondements de l'IA"),
    "Application skills": ("مهارات التطبيق", "Compétences d'application"),
    "Creating AI tools": ("صنع أدوات الذكاء الاصطناعي", "Création d'outils d'IA"),
    "Problem scoping": ("تحديد المشكلة ونطاقها", "Cadrage du problème"),
    "Architecture design": ("تصميم البنية", "Conception de l'architecture"),
    "Iteration and feedback loops": ("التحسين المتكرّر وحلقات التغذية الراجعة", "Itération et boucles de rétroaction"),
}


def _name(table: dict, english: str, lang: str) -> str:
    index = LANG_INDEX.get(lang, 2)
    names = table.get(english)
    return english if names is None or index == 2 else names[index]


def framework_lines(lesson, lang: str) -> list[tuple[str, str]]:
    """(framework name, the lesson's names in it) for each framework the lesson lists; none if empty."""
    index = LANG_INDEX.get(lang, 2)
    lines = []
    for key, table, names in (("ai4k12", BIG_IDEAS, lesson.big_ideas), ("unesco", COMPETENCIES, lesson.competencies)):
        if names:
            separator = "، " if lang == "ar" else ", "
            lines.append((FRAMEWORKS[key][index], separator.join(_name(table, n, lang) for n in names)))
    return lines
