from django.urls import path

from reports import dashboard_views, final_views, network_views, views

app_name = "reports"

# Under /netzwerk/ as before the move (URLs keep their paths).
urlpatterns = [
    path("liste.csv", views.contact_list_download, {"fmt": "csv"}, name="list_csv"),
    path("liste.xlsx", views.contact_list_download, {"fmt": "xlsx"}, name="list_xlsx"),
    path("export/", views.ministry_export, name="ministry_export"),
    path("exporte/", views.export_log, name="export_log"),
    path("berichte/", final_views.final_list, name="final_list"),
    path("berichte/abschliessen/", final_views.final_close, name="final_close"),
    path("berichte/<int:pk>/", final_views.final_detail, name="final_detail"),
    path("berichte/<int:pk>/bericht.xlsx", final_views.final_download, name="final_download"),
    path("berichte/<int:pk>/neu-berechnen/", final_views.final_recompute, name="final_recompute"),
    path("pruefung/", final_views.review, name="review"),
    path("uebersicht/", dashboard_views.overview, name="dashboard"),
    path("netzwerkkarte/", dashboard_views.network_map, name="network_map"),
    path("netzwerkkarte/vorhaben/<int:pk>/", network_views.project_map, name="project_map"),
    path(
        "netzwerkkarte/vorhaben/<int:pk>/karte.svg",
        network_views.project_map_svg,
        name="project_map_svg",
    ),
    path(
        "netzwerkkarte/vorhaben/<int:pk>/karte.pdf",
        network_views.project_map_pdf,
        name="project_map_pdf",
    ),
]
