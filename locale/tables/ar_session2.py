# ruff: noqa: E501 (one translation per line, as reviewers read them)
# Arabic translations added in session 2 (register: completing a file; imports).
AR = {
    "Demande d'inscription complétée par le demandeur": "طلب تسجيل استكمله صاحبه",
    "Lot de demandes importées": "دفعة طلبات مستوردة",
    "Votre réponse à la chambre": "جوابكم للغرفة",
    "Ne se modifie pas : pour une autre pièce, déposez une nouvelle demande.": "لا يمكن تغييره: لوثيقة أخرى، أودعوا طلبا جديدا.",
    "Demande %(reference)s renvoyée à la chambre.": "أعيد إرسال الطلب %(reference)s إلى الغرفة.",
    "Compléter la demande %(reference)s": "استكمال الطلب %(reference)s",
    "Corrigez ou complétez les informations demandées puis renvoyez votre demande. La pièce d'identité ne peut pas être modifiée.": "صحّحوا أو استكملوا المعلومات المطلوبة ثم أعيدوا إرسال طلبكم. لا يمكن تغيير وثيقة الهوية.",
    "Renvoyer ma demande": "إعادة إرسال طلبي",
    "Compléter et renvoyer ma demande": "استكمال طلبي وإعادة إرساله",
}
