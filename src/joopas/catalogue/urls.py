from django.urls import path

from joopas.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.search, name="search"),
    path("course/<int:pk>/", views.course, name="course"),
    path("institutions/", views.institutions, name="institutions"),
    path("edit/", views.editor, name="editor"),
    path("edit/new/", views.unit_edit, name="unit_new"),
    path("edit/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("edit/<int:pk>/archive/", views.unit_archive, name="unit_archive"),
    path("edit/<int:pk>/marketed/", views.unit_marketed, name="unit_marketed"),
    path("edit/<int:unit_pk>/realisations/new/", views.realisation_edit, name="realisation_new"),
    path("edit/<int:unit_pk>/realisations/<int:pk>/", views.realisation_edit, name="realisation_edit"),
    path("edit/<int:unit_pk>/realisations/<int:pk>/extend/", views.realisation_extend, name="realisation_extend"),
    path("edit/<int:unit_pk>/realisations/<int:pk>/archive/", views.realisation_archive, name="realisation_archive"),
    path("edit/modules/", views.modules, name="modules"),
    path("edit/modules/<int:pk>/delete/", views.module_delete, name="module_delete"),
    path("edit/joo/", views.joo_declaration, name="joo"),
    path("edit/import/", views.import_upload, name="import"),
    path("edit/import/<int:pk>/", views.import_status, name="import_status"),
    path("edit/export.<str:fmt>", views.export, name="export"),
]
