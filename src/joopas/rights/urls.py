"""Mounted at `rights/` (AppConfig.url_prefix): the officers' student pages."""

from django.urls import path

from joopas.rights import views

app_name = "rights"
urlpatterns = [
    path("students/", views.student_list, name="students"),
    path("students/new/", views.student_new, name="student_new"),
    path("students/<int:pk>/", views.student_detail, name="student"),
    path("students/<int:pk>/edit/", views.student_edit, name="student_edit"),
    path("students/<int:pk>/rights/<int:right_pk>/status/", views.right_status, name="right_status"),
    path("students/<int:pk>/rights/<int:right_pk>/dates/", views.right_dates, name="right_dates"),
    path("students/<int:pk>/rights/<int:right_pk>/eligibility/", views.right_eligibility, name="right_eligibility"),
    path("students/<int:pk>/rights/<int:right_pk>/attendance/", views.right_attendance, name="right_attendance"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/<str:token>/", views.import_status, name="import_status"),
]
