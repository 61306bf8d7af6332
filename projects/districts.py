"""Districts (Landkreise and kreisfreie Städte) of Thuringia, shared by projects and contacts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.TextChoices):
    ALTENBURGER_LAND = "ABG", _("Landkreis Altenburger Land")
    EICHSFELD = "EIC", _("Landkreis Eichsfeld")
    GOTHA = "GTH", _("Landkreis Gotha")
    GREIZ = "GRZ", _("Landkreis Greiz")
    HILDBURGHAUSEN = "HBN", _("Landkreis Hildburghausen")
    ILM_KREIS = "IK", _("Ilm-Kreis")
    KYFFHAEUSERKREIS = "KYF", _("Kyffhäuserkreis")
    NORDHAUSEN = "NDH", _("Landkreis Nordhausen")
    SAALE_HOLZLAND = "SHK", _("Saale-Holzland-Kreis")
    SAALE_ORLA = "SOK", _("Saale-Orla-Kreis")
    SAALFELD_RUDOLSTADT = "SLF", _("Landkreis Saalfeld-Rudolstadt")
    SCHMALKALDEN_MEININGEN = "SM", _("Landkreis Schmalkalden-Meiningen")
    SOEMMERDA = "SÖM", _("Landkreis Sömmerda")
    SONNEBERG = "SON", _("Landkreis Sonneberg")
    UNSTRUT_HAINICH = "UH", _("Unstrut-Hainich-Kreis")
    WARTBURGKREIS = "WAK", _("Wartburgkreis")
    WEIMARER_LAND = "AP", _("Landkreis Weimarer Land")
    ERFURT = "EF", _("Stadt Erfurt")
    GERA = "G", _("Stadt Gera")
    JENA = "J", _("Stadt Jena")
    SUHL = "SHL", _("Stadt Suhl")
    WEIMAR = "WE", _("Stadt Weimar")
    EISENACH = "EA", _("Stadt Eisenach (bis 2021 kreisfrei)")
