"""Words for report files, kept apart from the data: the JSON and CSV carry fixed English keys so
files from every school merge; the HTML summaries look the keys up here in the reader's language."""
from __future__ import annotations

from ..i18n import LOCALES  # every tuple below is in this order: ar, fr, en

LABELS = {
    "title": ("تقرير الاستخدام", "Rapport d'utilisation", "Usage report"),
    "merged_title": ("تقرير مجمّع لعدّة مدارس", "Rapport combiné de plusieurs écoles", "Combined report of several schools"),
    "period": ("الفترة", "Période", "Period"),
    "school_id": ("رمز المدرسة", "Identifiant de l'école", "School id"),
    "report_id": ("رمز التقرير", "Identifiant du rapport", "Report id"),
    "revision": ("المراجعة", "Révision", "Revision"),
    "generated": ("تاريخ الإعداد", "Généré le", "Generated"),
    "days_up": ("أيام عمل الجهاز", "Jours de fonctionnement", "Days the kit was used"),
    "first_last": ("أوّل وآخر نشاط", "Première et dernière activité", "First and last activity"),
    "reach": ("التلاميذ الذين شاركوا", "Élèves ayant participé", "Students reached"),
    "indicators": ("المؤشرات", "Indicateurs", "Indicators"),
    "teachers_active": ("المعلّمون الناشطون", "Enseignants actifs", "Active teachers"),
    "classes_active": ("الصفوف الناشطة", "Classes actives", "Active classes"),
    "live_sessions": ("الحصص المباشرة", "Séances en direct", "Live sessions"),
    "instruction_hours": ("ساعات التدريس", "Heures d'enseignement", "Hours of instruction"),
    "learning_hours": ("ساعات تعلّم التلاميذ", "Heures d'apprentissage des élèves", "Student learning hours"),
    "model_makers": ("تلاميذ درّبوا نموذجًا خاصًا بهم", "Élèves ayant entraîné leur propre modèle",
                     "Students who trained a model of their own"),
    "gpi_reach": ("مؤشر التكافؤ بين الجنسين (المشاركة)", "Indice de parité (participation)", "Gender parity index (reach)"),
    "gpi_completion": ("مؤشر التكافؤ بين الجنسين (الإنجاز)", "Indice de parité (achèvement)",
                       "Gender parity index (completion)"),
    "module": ("الوحدة", "Module", "Module"),
    "assigned": ("مُسنَدة", "Assignés", "Assigned"),
    "started": ("بدأوا", "Commencé", "Started"),
    "completed": ("أنهوا", "Terminé", "Completed"),
    "completion_rate": ("نسبة الإنجاز", "Taux d'achèvement", "Completion rate"),
    "matched": ("أزواج قبلي وبعدي", "Paires pré/post", "Matched pre/post pairs"),
    "pre_only": ("اختبار قبلي فقط", "Pré-test seulement", "Pre-test only"),
    "mean_pre": ("متوسط القبلي", "Moyenne pré", "Mean pre-test"),
    "mean_post": ("متوسط البعدي", "Moyenne post", "Mean post-test"),
    "gain_points": ("الكسب بالنقاط", "Gain en points", "Gain (points)"),
    "normalised_gain": ("الكسب المعياري", "Gain normalisé", "Normalised gain"),
    "pass_share": ("نسبة النجاح", "Part ayant réussi", "Share passing"),
    "female": ("إناث", "Filles", "Female"),
    "male": ("ذكور", "Garçons", "Male"),
    "not_stated": ("غير مذكور", "Non précisé", "Not stated"),
    "total": ("المجموع", "Total", "Total"),
    "grade": ("الصفوف", "Classes", "Grades"),
    "schools": ("المدارس", "Écoles", "Schools"),
    "by_school": ("المشاركة حسب المدرسة", "Participation par école", "Reach by school"),
    "by_module": ("الإنجاز حسب الوحدة", "Achèvement par module", "Completion by module"),
    "by_sex": ("المشاركة حسب الجنس", "Participation par sexe", "Reach by sex"),
    "chart_key": ("مفتاح الرسم", "Légende", "Chart key"),
    "suppressed_note": ("الأعداد من 1 إلى {t} تظهر «<{n}»، و«x» خانة مخفيّة لحماية خانة أخرى.",
                        "Les nombres de 1 à {t} s'affichent « <{n} » ; « x » est masqué pour en protéger un autre.",
                        "Counts from 1 to {t} show as \"<{n}\"; \"x\" is hidden to protect another cell."),
    "none": ("—", "—", "—"),
    "no_data": ("لا توجد بيانات بعد.", "Pas encore de données.", "No data yet."),
    "suppressed_schools": ("خانات مخفيّة (مدارس)", "Cases masquées (écoles)", "Hidden cells (schools)"),
}


def label(key: str, locale: str) -> str:
    words = LABELS.get(key)
    if words is None:
        return key
    return words[LOCALES.index(locale) if locale in LOCALES else 0]
