from django.urls import path

from dedupe import views

app_name = "dedupe"

urlpatterns = [
    path("entities/duplicates/", views.duplicates_view, name="duplicates"),
    path("entities/duplicates/not/", views.not_duplicate_view, name="not-duplicate"),
    path("entities/merge/", views.merge_view, name="merge"),
    path("merges/", views.merge_list_view, name="merges"),
    path("merges/<int:pk>/", views.merge_detail_view, name="merge-detail"),
    path("merges/<int:pk>/undo/", views.merge_undo_view, name="merge-undo"),
]
