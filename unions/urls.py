from django.urls import path

from . import views

app_name = "unions"

urlpatterns = [
    path("", views.my_units, name="mine"),
    path("search/", views.unit_search, name="search"),
    path("<str:code>/", views.unit_detail, name="detail"),
    path("<str:code>/poster/", views.unit_poster, name="poster"),
]
