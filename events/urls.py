from django.urls import include, path

from events import report_urls, timeline_urls, views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list_view, name="event-list"),
    path("events/new/", views.event_create_view, name="event-create"),
    path("events/export.<str:fmt>", views.event_export_view, name="event-export"),
    path("events/<int:pk>/", views.event_detail_view, name="event-detail"),
    path("events/<int:pk>/edit/", views.event_update_view, name="event-update"),
    path("events/<int:pk>/delete/", views.event_delete_view, name="event-delete"),
    path("events/<int:pk>/roster/", views.roster_add_view, name="roster-add"),
    path("events/<int:pk>/gifts/", views.gift_add_view, name="gift-add"),
    path("events/roster/<int:pk>/delete/", views.roster_delete_view, name="roster-delete"),
    path("events/roster/<int:pk>/promote/", views.roster_promote_view, name="roster-promote"),
    path("events/gifts/<int:pk>/delete/", views.gift_delete_view, name="gift-delete"),
    path("events/participant-row/", views.participant_row_view, name="participant-row"),
    path("events/options/", views.event_options_view, name="options"),
    path("users/options/", views.user_options_view, name="user-options"),
    path("relations/<int:pk>/application.docx", views.tie_application_view, name="tie-application"),
    # Timelines, follow-ups, the year's figures and the calendar are events' pages too: one namespace for the app.
    path("", include(timeline_urls.urlpatterns)),
    path("", include(report_urls.urlpatterns)),
]
