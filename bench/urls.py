"""The portal's URLs plus the bench-only views under ``/bench/`` (never part of the application)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/bare-insert/", views.bare_insert, name="bench_bare_insert"),
    path("bench/naive-progress/", views.naive_progress, name="bench_naive_progress"),
    path("bench/reference-export/<str:code>.csv", views.reference_export, name="bench_reference_export"),
    path("", include("initiatives_portal.urls")),
]
