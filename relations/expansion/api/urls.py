"""API of the expansion feature: layout plans, the layout, the network of ties, suggestions."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from relations.expansion.api.views import GraphView, LayoutPlanViewSet, LayoutView, SuggestionViewSet

router = SimpleRouter()
router.register("layout-plans", LayoutPlanViewSet, basename="layoutplan")
router.register("suggestions", SuggestionViewSet, basename="suggestion")

urlpatterns = [
    path("layout/", LayoutView.as_view(), name="layout"),
    path("graph/", GraphView.as_view(), name="graph"),
    *router.urls,
]
