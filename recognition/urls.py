"""Recognition's pages: some public (the showcase, certificate checks), the rest for officers and staff."""

app_name = "recognition"

urlpatterns: list = []
