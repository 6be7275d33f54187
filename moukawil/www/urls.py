from django.urls import path

from . import account_views, audit_views, organisation_views

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
]
