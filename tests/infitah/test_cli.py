from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from moukawil.infitah.models import TrainingRegistration


@pytest.mark.django_db
def test_bulk_registration_from_a_list_then_completion_and_counters(tmp_path, session, make_enterprise, officer_fes,
                                                                    programmes):  # fmt: skip
    first, second = make_enterprise(), make_enterprise(tp_number="40000123", rc_court=None, rc_number="")
    listing = tmp_path / "liste.txt"
    listing.write_text(f"{first.rc_number}\n40000123\n99999999\n{first.rc_number}\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command(
        "infitah", "--actor", officer_fes.email, "enrol", str(session.pk), str(listing), stdout=out, stderr=err
    )
    assert "2 inscription(s)" in out.getvalue()
    assert "aucune entreprise du registre" in err.getvalue() and "déjà inscrite" in err.getvalue()
    registration = TrainingRegistration.objects.get(enterprise=second)
    assert registration.channel == "bulk"
    out = StringIO()
    call_command("infitah", "--actor", officer_fes.email, "registration", str(registration.pk), "complete", stdout=out)
    assert "permis PN-" in out.getvalue()
    out = StringIO()
    call_command("infitah", "counters", stdout=out)
    assert "Permis : 1 / 10000" in out.getvalue()


@pytest.mark.django_db
def test_the_viewer_is_refused_with_the_reason(territory):
    from tests.factories import UserFactory

    viewer = UserFactory(viewer=True)
    with pytest.raises(CommandError, match="lecture seule"):
        call_command("infitah", "--actor", viewer.email, "lapse")
