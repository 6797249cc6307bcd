from django.urls import path

from joopas.access import views

app_name = "access"

urlpatterns = [
    path("", views.home, name="home"),
    path("acting/", views.acting_organisation, name="acting"),
    path("organisations/<int:organisation_id>/", views.organisation_access, name="organisation"),
    path("organisations/<int:organisation_id>/grants/", views.grant_create, name="grant_create"),
    path("organisations/<int:organisation_id>/invite/", views.invite, name="invite"),
    path("organisations/<int:organisation_id>/keys/", views.api_keys, name="api_keys"),
    path("organisations/<int:organisation_id>/audit/", views.audit, name="organisation_audit"),
    path("grants/<int:grant_id>/", views.grant_detail, name="grant"),
    path("grants/<int:grant_id>/renew/", views.grant_renew, name="grant_renew"),
    path("grants/<int:grant_id>/close/", views.grant_close, name="grant_close"),
    path("invitations/<int:invitation_id>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("keys/<int:key_id>/<slug:action>/", views.api_key_action, name="api_key_action"),
    path("apply/", views.apply, name="apply"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:application_id>/decide/", views.application_decide, name="application_decide"),
    path("continuity/", views.continuity, name="continuity"),
    path("audit/", views.audit, name="audit"),
]
