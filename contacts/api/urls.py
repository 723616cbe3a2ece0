from django.urls import path
from rest_framework.routers import SimpleRouter

from contacts.api.views import EntityViewSet, GazetteerView, RegionViewSet

router = SimpleRouter()
router.register("entities", EntityViewSet, basename="entity")
router.register("regions", RegionViewSet, basename="region")

urlpatterns = [
    path("gazetteer/", GazetteerView.as_view(), name="gazetteer-search"),
    *router.urls,
]
