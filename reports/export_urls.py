"""Downloads of a unit's dashboard tables, relative to ``units/<str:code>/export/``.

Included from ``reports/urls.py`` as
``path("units/<str:code>/export/", include("reports.export_urls"))``; the view gets
``code`` from there. The URL name is ``export`` (``reports:export`` once included in
the ``reports`` namespace), e.g. ``{% url "reports:export" code=unit.code table="children" fmt="xlsx" %}``.
"""

from django.urls import path

from . import export_views

urlpatterns = [
    path("<str:table>.<str:fmt>", export_views.export, name="export"),
]
