"""Public pages (no login): verify a registration number or a certificate's QR code; the public key; the
revocation list. And the certificate download for its holder and the officers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from moukawil.certificates import signing
from moukawil.certificates.services import certificate_issue
from moukawil.certificates.verification import public_status, revocation_list
from moukawil.core.errors import BusinessError
from moukawil.registry.models import Registration


def verify(request, number=None):
    number = number or request.GET.get("numero", "").strip()
    status = public_status(number) if number else None
    token = request.GET.get("jeton", "")
    signed = signing.verify(token) if token else None
    context = {
        "number": number,
        "status": status,
        "token_given": bool(token),
        "signed": signed,
        # The signed data must be about this number, or the code was copied onto another document.
        "signed_matches": bool(signed and signed.get("n") == number),
    }
    return render(request, "www/verification/verify.html", context)


def public_key(request):
    return HttpResponse(signing.public_key_pem(), content_type="application/x-pem-file")


def revocations(request):
    response = JsonResponse(revocation_list(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
def certificate(request, number):
    registration = get_object_or_404(Registration.objects.select_related("person", "activity", "region"), number=number)
    try:
        content = certificate_issue(actor=request.user, registration=registration)
    except BusinessError as error:
        messages.error(request, error.message)
        return redirect("www:my_file" if registration.person.user_id == request.user.pk else "www:registrations")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{registration.number}.pdf"'
    return response
