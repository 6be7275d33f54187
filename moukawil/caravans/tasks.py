"""Caravans' long work, as jobs of the task engine: a list of registrants imported into a stop, and the
confirmation e-mails with the QR code of each registration. Both reach the same end state when rerun (a registrant
already registered is skipped; an e-mail is sent once per confirmation, recorded in the job's report)."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moukawil.core import formats, policy
from moukawil.core.tabular import Columns, read_rows
from moukawil.core.tasks import job_create, job_enqueue, job_kind

from .models import Registration, Stop
from .services import registrations_import
from .workflow import State

COLUMNS = Columns(
    required={"name": True, "gender": True, "email": False, "phone": False, "enterprise": False},
    aliases={"nom": "name", "nom_et_prenom": "name", "sexe": "gender", "e_mail": "email", "mail": "email",
             "telephone": "phone", "entreprise": "enterprise"},
)  # fmt: skip


@job_kind(
    "caravans.import", label=_("Import d'une liste d'inscrits à une escale"), action=policy.CARAVAN_REGISTER,
    summary=lambda r: gettext("%(created)s inscrit(s), %(skipped)s déjà inscrit(s), %(refused)s refusé(s).")
    % {**r, "refused": len(r.get("errors", []))},
)  # fmt: skip
def run_import(job, progress) -> dict:
    stop = Stop.objects.get(pk=job.params["stop"])
    rows = [cells for _line, cells in read_rows(Path(job.file.path), COLUMNS)]
    return registrations_import(actor=job.created_by, stop=stop, rows=rows, progress=progress)


def qr_code(text: str):
    """The QR code of a registration: always a full QR code — ``segno.make`` would choose a Micro QR for so short a
    text, which phone scanners, BarcodeDetector and jsQR (the check-in page's camera) do not read."""
    import segno

    return segno.make_qr(text, error="m")


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    qr_code(text).save(buffer, kind="png", scale=8, border=4)  # the quiet zone of four modules the standard asks
    return buffer.getvalue()


def qr_text(registration: Registration) -> str:
    """What the QR code of a registration holds: the stop and the code (the device checks the code offline)."""
    return f"MKC:{registration.stop_id}:{registration.code}"


def confirmation_message(registration: Registration) -> EmailMultiAlternatives:
    stop = registration.stop
    when = f"{formats.date(stop.day)}, {stop.opens_at:%H:%M}–{stop.closes_at:%H:%M}"
    if registration.state == State.CONFIRMED:
        subject = f"Inscription confirmée — {stop.campaign.title_fr}, {stop.city} — تأكيد التسجيل"
        body = (
            f"Bonjour {registration.name},\n\nVotre place est confirmée pour l'escale de {stop.city} "
            f"({stop.venue}), le {when}.\nPrésentez le code QR joint, ou le code {registration.code}, à l'accueil.\n\n"
            f"تم تأكيد تسجيلكم في محطة {stop.city_ar or stop.city}. قدموا رمز الاستجابة السريعة المرفق أو الرمز "
            f"{registration.code} عند الاستقبال.\n"
        )
    else:
        subject = f"Liste d'attente — {stop.campaign.title_fr}, {stop.city} — لائحة الانتظار"
        body = (
            f"Bonjour {registration.name},\n\nL'escale de {stop.city} du {when} est complète : vous êtes sur la "
            "liste d'attente et recevrez un message dès qu'une place se libère.\n\n"
            "المحطة ممتلئة: أنتم في لائحة الانتظار وستتوصلون برسالة عند توفر مكان.\n"
        )
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
    if registration.state == State.CONFIRMED:
        message.attach(f"{registration.code}.png", qr_png(qr_text(registration)), "image/png")
    return message


@job_kind("caravans.confirmation", label=_("Confirmation d'inscription à une escale"),
          action=policy.CARAVAN_REGISTER)  # fmt: skip
def run_confirmation(job, progress) -> dict:
    registration = Registration.objects.select_related("stop__campaign").get(pk=job.params["registration"])
    if not registration.email or registration.state not in (State.CONFIRMED, State.WAITING):
        return {"sent": 0}
    confirmation_message(registration).send()
    return {"sent": 1, "state": registration.state}


def confirmation_send(registration_id: int):
    """Queue the confirmation e-mail of a registration (after its transaction commits): a job of the system."""
    registration = Registration.objects.select_related("stop").get(pk=registration_id)
    job = job_create(kind="caravans.confirmation", actor=None, params={"registration": registration_id},
                     region=registration.stop.region)  # fmt: skip
    return job_enqueue(job)


def cancellation_message(registration: Registration) -> EmailMultiAlternatives:
    """The registrant of a cancelled stop is told, with the reason, in French and in Arabic."""
    stop = registration.stop
    when = f"{formats.date(stop.day)}, {stop.opens_at:%H:%M}–{stop.closes_at:%H:%M}"
    subject = f"Escale annulée — {stop.campaign.title_fr}, {stop.city} — إلغاء المحطة"
    body = (
        f"Bonjour {registration.name},\n\nL'escale de {stop.city} ({stop.venue}) du {when} est annulée : "
        f"{stop.cancel_reason}\nVotre inscription (code {registration.code}) est annulée. Consultez le calendrier "
        "des caravanes pour une autre escale.\n\n"
        f"تم إلغاء محطة {stop.city_ar or stop.city} ({formats.date(stop.day)}). تم إلغاء تسجيلكم "
        f"(الرمز {registration.code}). يرجى الاطلاع على جدول القوافل لاختيار محطة أخرى.\n"
    )
    return EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])


@job_kind("caravans.cancellation", label=_("Annulation d'une escale : message à l'inscrit"),
          action=policy.CARAVAN_REGISTER)  # fmt: skip
def run_cancellation(job, progress) -> dict:
    registration = Registration.objects.select_related("stop__campaign").get(pk=job.params["registration"])
    if not registration.email or registration.state != State.CANCELLED:
        return {"sent": 0}
    cancellation_message(registration).send()
    return {"sent": 1}


def cancellation_send(registration_id: int):
    """Queue the message telling a registrant his stop is cancelled (after the cancellation commits)."""
    registration = Registration.objects.select_related("stop").get(pk=registration_id)
    job = job_create(kind="caravans.cancellation", actor=None, params={"registration": registration_id},
                     region=registration.stop.region)  # fmt: skip
    return job_enqueue(job)
