"""Addresses of the showcase, certificates and replications (included at the site's root)."""

from django.urls import path, register_converter

from . import showcase_views as views


class CertificateKindConverter:
    regex = "approved|exemplary"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CertificateKindConverter, "certificate_kind")

urlpatterns = [
    path("showcase/", views.showcase_list, name="showcase_list"),
    path("showcase/<int:pk>/", views.showcase_detail, name="showcase_detail"),
    path("showcase/<int:pk>/files/<int:attachment_pk>/", views.showcase_attachment, name="showcase_attachment"),
    path("showcase/<int:pk>/replicate/", views.replication_create, name="replication_create"),
    path("showcase/replications/", views.replication_report_view, name="replication_report"),
    path("showcase/api/", views.showcase_api, name="showcase_api"),
    path("showcase/api/<int:pk>/", views.showcase_api_detail, name="showcase_api_detail"),
    path("showcase/sitemap.xml", views.showcase_sitemap, name="showcase_sitemap"),
    path("showcase/sitemap-<int:section>.xml", views.showcase_sitemap, name="showcase_sitemap_section"),
    path("verify/", views.verify, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<int:pk>/<certificate_kind:kind>.pdf", views.certificate_download, name="certificate"),
]
