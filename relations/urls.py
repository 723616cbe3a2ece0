from django.urls import path

from relations import views

app_name = "relations"

urlpatterns = [
    path("relations/", views.relation_list_view, name="list"),
    path("relations/options/", views.relation_options_view, name="options"),
    path("relations/new/", views.relation_create_view, name="create"),
    path("relations/export.<str:fmt>", views.relation_export_view, name="export"),
    path("relations/approvals/export.<str:fmt>", views.approval_export_view, name="approvals-export"),
    path("relations/<int:pk>/", views.relation_detail_view, name="detail"),
    path("relations/<int:pk>/edit/", views.relation_edit_view, name="edit"),
    path("relations/<int:pk>/advance/", views.relation_advance_view, name="advance"),
    path("relations/<int:pk>/approvals/", views.relation_approval_view, name="approvals"),
    path("relations/<int:pk>/redate/", views.relation_redate_view, name="redate"),
    path("relations/<int:pk>/upgrade/", views.relation_upgrade_view, name="upgrade"),
]
