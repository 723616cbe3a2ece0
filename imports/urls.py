from django.urls import path

from imports import views
from imports.choices import ImportJob

app_name = "imports"

urlpatterns = [
    path("imports/", views.import_list_view, name="list"),
    path("imports/office.xlsx", views.office_export_view, name="office-export"),
    path("imports/new/", views.import_create_view, name="create"),
    path("imports/template/<str:kind>.xlsx", views.import_template_view, name="template"),
    path("imports/<int:pk>/", views.import_detail_view, name="detail"),
    path("imports/<int:pk>/mapping/", views.import_mapping_view, name="mapping"),
    path("imports/<int:pk>/preview/", views.import_job_view, {"job": ImportJob.PREVIEW}, name="preview"),
    path("imports/<int:pk>/progress/", views.import_progress_view, name="progress"),
    path("imports/<int:pk>/run/", views.import_job_view, {"job": ImportJob.IMPORT}, name="run"),
    path("imports/<int:pk>/undo/", views.import_undo_view, name="undo"),
]
