"""API routes of timelines, timeline notes and follow-ups (mounted under /api/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from events.api.timeline import (
    EntityNoteCreateView,
    EntityTimelineView,
    FollowUpViewSet,
    NoteDetailView,
    RelationNoteCreateView,
    RelationTimelineView,
)

router = SimpleRouter()
router.register("followups", FollowUpViewSet, basename="followup")

# The contacts and relations routers match only their own list and detail paths, so these nested paths are free.
urlpatterns: list = [
    path("entities/<int:pk>/timeline/", EntityTimelineView.as_view(), name="entity-timeline"),
    path("relations/<int:pk>/timeline/", RelationTimelineView.as_view(), name="relation-timeline"),
    path("entities/<int:pk>/notes/", EntityNoteCreateView.as_view(), name="entity-notes"),
    path("relations/<int:pk>/notes/", RelationNoteCreateView.as_view(), name="relation-notes"),
    path("notes/<int:pk>/", NoteDetailView.as_view(), name="note-detail"),
    *router.urls,
]
