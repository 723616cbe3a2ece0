from django.urls import path

from servicedesk import views

app_name = "servicedesk"

urlpatterns = [
    path("services/", views.entry_list_view, name="entry-list"),
    path("services/new/", views.entry_create_view, name="entry-create"),
    path("services/month/", views.month_totals_view, name="month-totals"),
    path("services/<int:pk>/", views.entry_update_view, name="entry-update"),
    path("services/<int:pk>/delete/", views.entry_delete_view, name="entry-delete"),
    path("services/apec-cards/", views.card_list_view, name="card-list"),
    path("services/apec-cards/new/", views.card_create_view, name="card-create"),
    path("services/apec-cards/expiring/", views.expiring_panel_view, name="card-expiring-panel"),
    path("services/apec-cards/<int:pk>/", views.card_update_view, name="card-update"),
    path("services/apec-cards/<int:pk>/delete/", views.card_delete_view, name="card-delete"),
]
