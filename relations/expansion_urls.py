"""Pages of the expansion feature: suggestions (with accept and dismiss), the layout map, the network view."""

from django.urls import path

from relations import expansion_views

urlpatterns: list = [
    path("expansion/", expansion_views.expansion_view, name="expansion"),
    path("expansion/accept/", expansion_views.expansion_accept_view, name="expansion-accept"),
    path("expansion/dismiss/", expansion_views.expansion_dismiss_view, name="expansion-dismiss"),
    path("expansion/map/", expansion_views.expansion_map_view, name="expansion-map"),
    path("expansion/network/", expansion_views.expansion_network_view, name="expansion-network"),
]
