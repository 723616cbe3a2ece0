from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.list_view, name="list"),
    path("notifications/bell/", views.bell_view, name="bell"),
    path("notifications/<int:pk>/read/", views.read_view, name="read"),
    path("notifications/read-all/", views.read_all_view, name="read-all"),
]
