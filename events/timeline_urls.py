"""Pages of timelines (partials loaded by the entity and tie pages) and of follow-ups (events.urls includes them)."""

from django.urls import path

from events import timeline_views as views

urlpatterns: list = [
    path("entities/<int:pk>/timeline/", views.entity_timeline_view, name="entity-timeline"),
    path("entities/<int:pk>/timeline/notes/", views.entity_note_view, name="entity-note"),
    path(
        "entities/<int:pk>/timeline/notes/<int:note_pk>/delete/",
        views.entity_note_delete_view,
        name="entity-note-delete",
    ),
    path("relations/<int:pk>/timeline/", views.relation_timeline_view, name="relation-timeline"),
    path("relations/<int:pk>/timeline/notes/", views.relation_note_view, name="relation-note"),
    path(
        "relations/<int:pk>/timeline/notes/<int:note_pk>/delete/",
        views.relation_note_delete_view,
        name="relation-note-delete",
    ),
    path("followups/", views.followup_list_view, name="followups"),
    path("followups/export.<str:fmt>", views.followup_export_view, name="followup-export"),
    path("followups/panel/", views.followup_panel_view, name="followup-panel"),
    path("followups/<int:pk>/", views.followup_detail_view, name="followup"),
    path("followups/bulk/", views.followup_bulk_view, name="followups-bulk"),
    path("followups/<int:pk>/done/", views.followup_done_view, name="followup-done"),
    path("followups/<int:pk>/reopen/", views.followup_reopen_view, name="followup-reopen"),
]
