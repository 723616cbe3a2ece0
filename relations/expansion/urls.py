"""Pages of the expansion feature: suggestions (with accept and dismiss), the layout map, the network view."""

from django.urls import path

from relations.expansion import views

app_name = "expansion"

urlpatterns: list = [
    path("expansion/", views.expansion_view, name="suggestions"),
    path("expansion/accept/", views.expansion_accept_view, name="accept"),
    path("expansion/dismiss/", views.expansion_dismiss_view, name="dismiss"),
    path("expansion/map/", views.expansion_map_view, name="map"),
    path("expansion/network/", views.expansion_network_view, name="network"),
]
