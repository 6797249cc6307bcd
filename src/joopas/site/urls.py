from django.urls import path

from joopas.site import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico whatever the page links; answer with the self-hosted icon, not a 404.
    path("favicon.ico", views.favicon, name="favicon"),
    path("flexible-studies/", views.flexible_studies, name="flexible_studies"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/registration/", views.privacy_registration, name="privacy_registration"),
    path("privacy/staff/", views.privacy_staff, name="privacy_staff"),
    path("accounts/desk/", views.desk, name="desk"),  # the desk's address from before it moved here
    path("accounts/welcome/", views.after_login, name="after_login"),  # LOGIN_REDIRECT_URL
    path("profile/", views.profile, name="profile"),
    path("profile/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/sessions/end-others/", views.profile_end_other_sessions, name="end_other_sessions"),
]
