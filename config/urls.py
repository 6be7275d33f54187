from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from moukawil.api.api import api
from moukawil.www import home_views
from moukawil.www.forms import LoginForm, StyledPasswordResetForm, StyledSetPasswordForm

admin.site.site_header = "Moukawil — administration technique"

urlpatterns = [
    path("", home_views.home, name="home"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oubli/",
        auth_views.PasswordResetView.as_view(form_class=StyledPasswordResetForm),
        name="password_reset",
    ),
    path("mot-de-passe/oubli/envoye/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=StyledSetPasswordForm),
        name="password_reset_confirm",
    ),
    path("mot-de-passe/change/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("moukawil.www.urls")),
]
