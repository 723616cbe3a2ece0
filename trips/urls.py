from django.urls import path

from trips import views

app_name = "trips"

urlpatterns = [
    path("trips/", views.trip_list_view, name="trip-list"),
    path("trips/export.<str:fmt>", views.trip_export_view, name="trip-export"),
    path("trips/new/", views.trip_create_view, name="trip-create"),
    path("trips/quarter/", views.quarter_view, name="quarter"),
    path("trips/quarter.docx", views.quarter_docx, name="quarter-docx"),
    path("trips/<int:pk>/", views.trip_detail_view, name="trip-detail"),
    path("trips/<int:pk>/edit/", views.trip_edit_view, name="trip-edit"),
    path("trips/<int:pk>/do/<slug:verb>/", views.trip_action_view, name="trip-action"),
    path("trips/<int:pk>/application.docx", views.trip_application_docx, name="trip-application-docx"),
    path("trips/<int:pk>/request.docx", views.trip_request_docx, name="trip-request-docx"),
]
