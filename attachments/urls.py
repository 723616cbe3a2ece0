from django.urls import path

from attachments import views

app_name = "attachments"

urlpatterns = [
    path("attachments/panel/", views.panel_view, name="panel"),
    path("attachments/upload/", views.upload_view, name="upload"),
    path("attachments/<int:pk>/download/", views.download_view, name="download"),
    path("attachments/<int:pk>/thumbnail/", views.thumbnail_view, name="thumbnail"),
]
