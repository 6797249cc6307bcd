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
]
