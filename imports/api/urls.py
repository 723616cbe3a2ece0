from rest_framework.routers import SimpleRouter

from imports.api.views import ImportRecordViewSet

router = SimpleRouter()
router.register("imports", ImportRecordViewSet, basename="import")

urlpatterns = router.urls
