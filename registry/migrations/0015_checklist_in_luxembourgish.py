"""The guide's checklist in Luxembourgish (issue 34): a label and a help text in lb beside fr, de
and en; the seeded items get theirs. An item without one shows its French text. The French
labels get French typography."""

import re

import accounts.text
from django.db import migrations, models

# code: (label, help), in Luxembourgish (2019 orthography).
ITEMS = {
    "PROFESSIONAL_USE": ("Berufflech Notzung", "Institutionelle Kont vun engem Service vum Staat, nëmme fir d'Aarbecht benotzt; net de private Kont vun engem Mataarbechter."),
    "OWNER_SERVICE": ("Zoustännege Service", "Een eenzege Ministère, eng Administratioun oder e Service ass genannt an huet d'Verantwortung iwwerholl."),
    "MANAGERS_IDENTIFIED": ("Verantwortlech identifizéiert", "D'Equipe, déi de Kont geréiert, an eng verantwortlech Persoun am Staat sinn agedroen; den Auteur vun all Bäitrag ass bekannt."),
    "AGENCY_DECLARED": ("Extern Agence uginn", "Eng extern Agence oder e Beroder, deen de Kont geréiert, ass uginn, mat engem Verantwortleche vu Säite vum Staat; eng intern Gestioun ass wéinst der Reaktiounsfäegkeet ze bevirzugen."),
    "EDITORIAL_CHARTER": ("Redaktionell Charta", "De Service huet eng redaktionell Charta: wat e publizéiert, deelt a kommentéiert, seng Moderatiounsreegelen, seng Sproochen a säi Stil."),
    "CHARTER_PUBLISHED": ("Reegele publizéiert", "D'Moderatiouns- an d'Benotzungsreegele sinn publizéiert a vum Profil aus verlinkt."),
    "LANGUAGES": ("Sproochen uginn", "D'Publikatiounssprooche sinn uginn (lb, fr, de, en)."),
    "NEUTRALITY": ("Neutralitéit", "D'Inhalter sinn objektiv an net parteiesch; wat vu politeschen Acteuren oder vu Medie gedeelt gëtt, ass equilibréiert."),
    "NO_ELECTORAL_USE": ("Keng Wahlreklamm", "De Kont déngt net dozou, fir e Minister oder eng Partei ze promouvéieren, besonnesch net virun de Wahlen."),
    "MINISTER_MODE": ("Kont vun engem Minister: wien en bedreift", "Bei engem Kont vun engem Minister seet de Profil, wien en bedreift (d'Equipe vum Minister; gedeelt, mat den Initiale vum Minister ënnerschriwwen; oder de Minister eleng)."),
    "PROFILE_OFFICIAL": ("Offizielle Profil", "De Profil seet, datt et den offizielle Kont vum genannte Service ass, a verlinkt op déi offiziell Websäit vum Service, déi op de Kont zréckverlinkt."),
    "VISUAL_IDENTITY": ("Visuell Identitéit", "Den Avatar an d'Bannière respektéieren d'visuell Identitéit vum Staat."),
    "FUNCTIONAL_EMAIL": ("Funktionell Mailbox", "De Kont ass mat enger funktioneller Mailbox vum Service op engem Domain vum Staat registréiert, net mat der Adress vun enger Persoun."),
    "ACCESS_CONTROL": ("Zougangskontroll", "Op d'mannst zwee genannt Administrateuren am Service, Zwee-Faktor-Umeldung aktivéiert, keen Zougang iwwer de private Profil vun enger Persoun."),
    "ACCESSIBLE_POSTS": ("Accessibel Bäiträg", "Biller hunn eng Textalternativ a Videoen Ënnertitelen."),
    "CONTROL_PROVEN": ("Kontroll iwwer de Kont bewisen", "De Kontrollcode vun der Androung gouf am Profil vum Kont oder an engem gepinnte Bäitrag gesinn, an déi permanent Kont-ID vun der Plattform stëmmt, wa se uginn ass."),
    "ACTIVE": ("Aktive Kont", "De Kont ass aktiv, mat engem uginne Publikatiounsrhythmus; e Campagnekont huet e Schlussdatum."),
}


# French typography: a no-break space before “:”, “;”, “?” and “!” (the seed had plain ones).
BEFORE_PUNCTUATION = re.compile(r"(?<=\S)[ \u202f]?([:;?!])(?=\s|$)")


def french_typography(text: str) -> str:
    return BEFORE_PUNCTUATION.sub("\u00a0\\1", text)


def in_luxembourgish(apps, schema_editor):
    ChecklistItem = apps.get_model("registry", "ChecklistItem")
    for code, (label, help_text) in ITEMS.items():
        ChecklistItem.objects.filter(code=code, label_lb="").update(label_lb=label, help_lb=help_text)
    for item in ChecklistItem.objects.all():
        item.label_fr, item.help_fr = french_typography(item.label_fr), french_typography(item.help_fr)
        item.save(update_fields=["label_fr", "help_fr"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0014_part_name_order")]

    operations = [
        migrations.AddField(
            model_name="checklistitem",
            name="help_lb",
            field=models.TextField(
                blank=True,
                validators=[accounts.text.PlainTextValidator(multiline=True)],
                verbose_name="help (Luxembourgish)",
            ),
        ),
        migrations.AddField(
            model_name="checklistitem",
            name="label_lb",
            field=models.CharField(
                blank=True,
                max_length=200,
                validators=[accounts.text.PlainTextValidator(multiline=False)],
                verbose_name="label (Luxembourgish)",
            ),
        ),
        migrations.RunPython(in_luxembourgish, migrations.RunPython.noop),
    ]
