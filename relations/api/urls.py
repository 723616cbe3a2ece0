from rest_framework.routers import SimpleRouter

from relations.api.views import RelationViewSet

router = SimpleRouter()
router.register("relations", RelationViewSet, basename="relation")

urlpatterns = router.urls
