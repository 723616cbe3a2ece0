from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from crm import views
from crm.api.views import HealthView, SearchView, TokenDetailView, TokenListView, TokenView
from crm.csp import api_docs_csp

api_patterns = [
    path("health/", HealthView.as_view(), name="api-health"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/tokens/", TokenListView.as_view(), name="api-token-list"),
    path("auth/tokens/<str:token_key>/", TokenDetailView.as_view(), name="api-token-detail"),
    path("search/", SearchView.as_view(), name="api-search"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The two documentation viewers get a wider Content-Security-Policy than the site's (crm/csp.py says why).
    path("docs/", api_docs_csp(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("redoc/", api_docs_csp(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
    # Each feature owns its own URL module (see README: layout). dedupe's `entities/merge/` comes before the
    # entities' router, whose detail route would otherwise take "merge" for an id.
    path("", include("dedupe.api.urls")),
    path("", include("contacts.api.urls")),
    path("", include("relations.api.urls")),
    path("", include("relations.expansion.api.urls")),
    path("", include("events.api.urls")),
    path("", include("events.api.timeline_urls")),
    path("", include("events.api.report_urls")),
    path("", include("trips.api.urls")),
    path("", include("servicedesk.api.urls")),
    path("", include("imports.api.urls")),
    path("", include("attachments.api.urls")),
    path("", include("notifications.api.urls")),
]

# The project's own pages, namespaced like every app's (the auth views keep Django's un-namespaced names).
crm_pages = [
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("trash/", views.trash, name="trash"),
    path("filters/save/", views.saved_filter_save_view, name="saved-filter-save"),
    path("filters/<int:pk>/delete/", views.saved_filter_delete_view, name="saved-filter-delete"),
    path("search/", views.search, name="search"),
]

urlpatterns = [
    path("", include((crm_pages, "crm"))),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The language switch must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("", include("dedupe.urls")),
    path("", include("contacts.urls")),
    path("", include("relations.urls")),
    path("", include("relations.expansion.urls")),
    path("", include("events.urls")),
    path("", include("trips.urls")),
    path("", include("servicedesk.urls")),
    path("", include("imports.urls")),
    path("", include("attachments.urls")),
    path("", include("notifications.urls")),
]

# Under /api/ errors answer JSON, elsewhere Django's pages (crm/errors.py).
handler400 = "crm.errors.bad_request"
handler403 = "crm.errors.permission_denied"
handler404 = "crm.errors.page_not_found"
handler500 = "crm.errors.server_error"
