"""The service desk's API URLs (included under /api/)."""

from rest_framework.routers import SimpleRouter

from servicedesk.api.views import ApecCardViewSet, ServiceEntryViewSet, ServiceKindViewSet

router = SimpleRouter()
router.register("services/kinds", ServiceKindViewSet, basename="service-kind")
router.register("services/entries", ServiceEntryViewSet, basename="service-entry")
router.register("services/apec-cards", ApecCardViewSet, basename="apec-card")

urlpatterns = router.urls
