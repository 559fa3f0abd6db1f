from django.urls import path

from . import import_views, views

app_name = "submissions"

urlpatterns = [
    path("", views.my_initiatives, name="mine"),
    path("new/", views.initiative_create, name="create"),
    path("new/on-behalf/", views.initiative_create, {"on_behalf": True}, name="create_on_behalf"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/submit/", views.initiative_submit_view, name="submit"),
    path("<int:pk>/receipt/", views.initiative_receipt, name="receipt"),
    path("<int:pk>/withdraw/", views.initiative_withdraw_view, name="withdraw"),
    path("<int:pk>/delete/", views.initiative_delete_view, name="delete"),
    path("<int:pk>/publication/", views.initiative_publication_consent, name="publication_consent"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/visibility/", views.attachment_visibility, name="attachment_visibility"),
    path("import/", import_views.import_start, name="import"),
    path("import/template.xlsx", import_views.import_template_download, name="import_template"),
    path("import/<int:pk>/", import_views.import_run, name="import_run"),
    path("import/<int:pk>/errors.csv", import_views.import_errors_download, name="import_errors"),
    path("import/<int:pk>/errors.xlsx", import_views.import_errors_xlsx, name="import_errors_xlsx"),
]
