from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("entities/", views.entity_list_view, name="list"),
    path("entities/bulk/", views.entity_bulk_view, name="bulk"),
    path("entities/new/", views.entity_create_view, name="create"),
    path("entities/export.<str:fmt>", views.entity_export_view, name="export"),
    path("entities/options/", views.entity_options_view, name="options"),
    path("entities/gazetteer/", views.gazetteer_view, name="gazetteer"),
    path("entities/gazetteer/add/", views.gazetteer_add_view, name="gazetteer-add"),
    path("entities/<int:pk>/", views.entity_detail_view, name="detail"),
    path("entities/<int:pk>/edit/", views.entity_edit_view, name="edit"),
    path("entities/<int:pk>/archive/", views.entity_archive_view, name="archive"),
    path("entities/<int:pk>/delete/", views.entity_delete_view, name="delete"),
]
