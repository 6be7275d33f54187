from django.urls import path

from . import (
    account_views,
    audit_views,
    declaration_views,
    import_views,
    organisation_views,
    registry_views,
    verification_views,
)

app_name = "www"

urlpatterns = [
    path("inscription/", account_views.signup, name="signup"),
    path("compte/", account_views.account, name="account"),
    path("compte/jetons/", account_views.token_create, name="token_create"),
    path("compte/jetons/<int:token_id>/revoquer/", account_views.token_revoke, name="token_revoke"),
    path("donnees-personnelles/", account_views.privacy, name="privacy"),
    path("organisations/", organisation_views.organisation_list, name="organisations"),
    path("organisations/nouvelle/", organisation_views.organisation_create_view, name="organisation_create"),
    path("journal/", audit_views.audit_list, name="audit"),
    path("simulateur/", declaration_views.simulator, name="simulator"),
    path("regles/", declaration_views.rules, name="rules"),
    path("registre/mon-dossier/", registry_views.my_file, name="my_file"),
    path(
        "registre/demandes/<str:reference>/completer/",
        registry_views.application_complete_view,
        name="application_complete",
    ),
    path("registre/demande/", registry_views.apply, name="registry_apply"),
    path("registre/guichet/", registry_views.counter_entry, name="registry_counter"),
    path("registre/demandes/", registry_views.queue, name="registry_queue"),
    path("registre/demandes/decisions/", registry_views.bulk_decide, name="registry_bulk"),
    path("registre/demandes/export/", registry_views.queue_export, name="registry_export"),
    path("registre/inscriptions/export/", registry_views.registrations_export, name="registrations_export"),
    path("registre/demandes/<str:reference>/", registry_views.application_detail, name="application_detail"),
    path("registre/demandes/<str:reference>/action/", registry_views.application_act, name="application_act"),
    path("registre/doublons/", registry_views.duplicate_queue, name="duplicates"),
    path("registre/doublons/<int:pk>/", registry_views.duplicate_act, name="duplicate_act"),
    path("registre/chiffres/", registry_views.figures, name="register_figures"),
    path("registre/imports/", import_views.import_list, name="imports"),
    path("registre/imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("registre/inscriptions/", registry_views.registration_list, name="registrations"),
    path("registre/inscriptions/<str:number>/", registry_views.registration_detail, name="registration_detail"),
    path("registre/inscriptions/<str:number>/attestation.pdf", verification_views.certificate, name="certificate"),
    path("verifier/", verification_views.verify, name="verify"),
    path("verifier/cle-publique/", verification_views.public_key, name="public_key"),
    path("verifier/radiations.json", verification_views.revocations, name="revocations"),
    path("verifier/<str:number>/", verification_views.verify, name="verify_number"),
]
