"""Public pages (no login): verify a document of any kind by its number or its QR code; the public key; the
revocation lists. And the certificate download for its holder and the officers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from moukawil.certificates import kinds, signing
from moukawil.certificates.services import document_issue
from moukawil.core.errors import BusinessError
from moukawil.core.throttling import VerificationThrottle
from moukawil.registry.documents import CERTIFICATE, public_status, revocation_list
from moukawil.registry.models import Registration


def _kind(code: str) -> kinds.DocumentKind:
    try:
        return kinds.get_kind(code)
    except BusinessError as error:
        raise Http404(error.message) from None


def _throttled(request):
    """One number at a time, and not too many from one address (core.throttling, with the API's verification)."""
    wait = VerificationThrottle().retry_after(request)
    if wait is None:
        return None
    response = render(request, "www/verification/throttled.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


def verify(request, number=None):
    if number and number in {kind.code for kind in kinds.kinds()}:  # /verifier/recu/?numero=… (a kind's form)
        return verify_document(request, number)
    number = number or request.GET.get("numero", "").strip()
    if number and (refused := _throttled(request)):
        return refused
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


def verify_document(request, kind: str, number: str = ""):
    """``/verifier/<kind>/<number>/`` (the QR codes' address, with ``?jeton=``) and ``/verifier/<kind>/?numero=``."""
    document_kind = _kind(kind)
    number = number or request.GET.get("numero", "").strip()
    if number and (refused := _throttled(request)):
        return refused
    token = request.GET.get("jeton", "")
    result = kinds.verify(document_kind, number, token) if number else None
    context = {"kind": document_kind, "number": number, "result": result}
    return render(request, "www/verification/document.html", context)


def kind_revocations(request, kind: str):
    response = JsonResponse(kinds.revocation_list(_kind(kind)), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response


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
        content = document_issue(
            actor=request.user, kind=CERTIFICATE, subject=registration, site_url=kinds.site_url_of(request)
        )
    except BusinessError as error:
        messages.error(request, error.message)
        return redirect("www:my_file" if registration.person.user_id == request.user.pk else "www:registrations")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{registration.number}.pdf"'
    return response
