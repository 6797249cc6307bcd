from django.urls import path

from joopas.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.message_list, name="messages"),
    path("messages/<uuid:message_id>/", views.message_detail, name="message"),
    path("dead-letters/", views.dead_letters, name="dead_letters"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="delivery"),
    path("deliveries/<int:pk>/replay/", views.delivery_replay, name="replay"),
    path("settings/<int:organisation_id>/", views.settings_edit, name="settings"),
    path("guide/", views.guide, name="guide"),
]
