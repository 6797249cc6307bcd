from django.urls import path

from joopas.site import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("flexible-studies/", views.flexible_studies, name="flexible_studies"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/desk/", views.desk, name="desk"),  # the desk's address from before it moved here
]
