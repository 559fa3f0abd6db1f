from django.contrib import admin
from django.urls import include, path

from operations.health import healthz
from reports.tree_import_views import programme_import_template, tree_import
from reports.views import landing
from reviews.help_views import help_page
from reviews.personal_data_views import my_data, my_data_json

handler400 = "operations.errors.bad_request"
handler500 = "operations.errors.server_error"

urlpatterns = [
    path("", landing, name="home"),
    path("healthz", healthz, name="healthz"),
    # Help speaks of every step of an initiative, so reviews owns it; it is at the root for all.
    path("help/", help_page, name="help"),
    path("ops/", include("operations.urls")),
    # A person's own data reads initiatives and decisions, so reviews owns it; it stays under /accounts/.
    path("accounts/my-data/", my_data, name="my_data"),
    path("accounts/my-data/download/", my_data_json, name="my_data_json"),
    path("accounts/", include("accounts.urls")),
    path("initiatives/", include("submissions.urls")),
    # The tree and targets import writes units and targets, so reports owns it; its page
    # stays under /unions/.
    path("unions/tree/import/", tree_import, name="tree_import"),
    path("unions/tree/import/programme-template.xlsx", programme_import_template, name="programme_import_template"),
    # Appointing creates accounts, so accounts owns the appointment pages; they stay under /unions/.
    path("unions/", include("accounts.appointment_urls")),
    path("unions/", include("unions.urls")),
    path("reviews/", include("reviews.urls")),
    path("reports/", include("reports.urls")),
    # Recognition's public pages (/showcase/, /verify/<code>/) sit at the root beside its own.
    path("", include("recognition.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
