from django.urls import path

from joopas.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.network_list, name="list"),
    path("new/", views.network_create, name="create"),
    path("targeting/", views.targeting, name="targeting"),
    path("<int:pk>/", views.network_detail, name="detail"),
    path("<int:pk>/edit/", views.network_edit, name="edit"),
    path("<int:pk>/periods/", views.period_add, name="period_add"),
    path("<int:pk>/periods/<int:period_id>/", views.period_update, name="period_update"),
    path("<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_id>/remove/", views.contact_remove, name="contact_remove"),
    path("<int:pk>/members/", views.network_members, name="members"),
    path("<int:pk>/members/<int:organisation_id>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/changes/", views.network_changes, name="changes"),
    path("<int:pk>/targeting/<str:kind>/<int:target_id>/remove/", views.targeting_remove, name="targeting_remove"),
]
