from rest_framework.routers import SimpleRouter

from trips.api.views import ReviewCriterionViewSet, TripRulesViewSet, TripViewSet

router = SimpleRouter()
router.register("trips", TripViewSet, basename="trip")
router.register("trip-rules", TripRulesViewSet, basename="trip-rules")
router.register("trip-criteria", ReviewCriterionViewSet, basename="trip-criterion")

urlpatterns = router.urls
