from rest_framework.routers import SimpleRouter

from events.api.views import EventViewSet, GiftViewSet, RosterMemberViewSet

router = SimpleRouter()
router.register("events", EventViewSet, basename="event")
router.register("roster", RosterMemberViewSet, basename="roster-member")
router.register("gifts", GiftViewSet, basename="gift")

urlpatterns = router.urls
