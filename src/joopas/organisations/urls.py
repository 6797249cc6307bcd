from django.urls import path

from joopas.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("register/<slug:step>/", views.register, name="register_step"),
    path("registrations/", views.review_queue, name="review"),
    path("<str:oid>/", views.organisation_detail, name="detail"),
    path("<str:oid>/settings/", views.settings_edit, name="settings"),
    path("<str:oid>/contacts/", views.contacts, name="contacts"),
    path("<str:oid>/contacts/<int:contact_id>/", views.contact_edit, name="contact_edit"),
    path("<str:oid>/contacts/<int:contact_id>/delete/", views.contact_delete, name="contact_delete"),
]
