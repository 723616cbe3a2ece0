from django.urls import path
from rest_framework.routers import SimpleRouter

from dedupe.api.views import DuplicateListView, EntityMergeView, MergeViewSet, NotDuplicateViewSet

router = SimpleRouter()
router.register("not-duplicates", NotDuplicateViewSet, basename="not-duplicate")
router.register("merges", MergeViewSet, basename="merge")

urlpatterns = [
    path("entities/merge/", EntityMergeView.as_view(), name="entity-merge"),
    path("duplicates/", DuplicateListView.as_view(), name="duplicate-list"),
    *router.urls,
]
