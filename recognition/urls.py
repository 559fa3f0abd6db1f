"""Recognition's pages: some public (the showcase, certificate checks), the rest for officers and staff."""

from django.urls import path

from .awards import views as award_views
from .councils import views as council_views
from .showcase_urls import urlpatterns as showcase_urlpatterns

app_name = "recognition"

urlpatterns: list = [
    *showcase_urlpatterns,
    # Selection councils (hội đồng xét chọn).
    path("recognition/councils/", council_views.round_list, name="council_list"),
    path("recognition/councils/new/", council_views.round_new, name="council_new"),
    path("recognition/councils/<int:pk>/", council_views.round_detail, name="council"),
    path("recognition/councils/<int:pk>/start/", council_views.round_start, name="council_start"),
    path("recognition/councils/<int:pk>/score/<int:assignment_pk>/", council_views.score, name="council_score"),
    path("recognition/councils/<int:pk>/score/<int:assignment_pk>/conflict/", council_views.conflict,
         name="council_conflict"),
    path("recognition/councils/<int:pk>/close/", council_views.close, name="council_close"),
    path("recognition/councils/<int:pk>/results/", council_views.results, name="council_results"),
    path("recognition/councils/<int:pk>/results.xlsx", council_views.results_xlsx, name="council_results_xlsx"),
    path("recognition/councils/<int:pk>/decision.docx", council_views.decision_docx, name="council_decision_docx"),
    path("recognition/councils/<int:pk>/select/", council_views.select, name="council_select"),
    path("recognition/councils/<int:pk>/initiatives/<int:initiative_pk>/", council_views.scores_of,
         name="council_scores_of"),
    # Awards to collectives.
    path("recognition/awards/", award_views.candidates, name="awards"),
    path("recognition/awards/<int:pk>/withdraw/", award_views.withdraw, name="award_withdraw"),
]
