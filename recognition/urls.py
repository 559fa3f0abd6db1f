"""Recognition's pages: some public (the showcase, certificate checks), the rest for officers and staff."""

from .showcase_urls import urlpatterns as showcase_urlpatterns

app_name = "recognition"

urlpatterns: list = [*showcase_urlpatterns]
