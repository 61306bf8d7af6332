"""Issue 28, "nothing lost": a combined contact cell ("Tel. 03447 89 12 40,
k.lammert@web.de") under a heading like "Kontaktdaten" or "Erreichbarkeit" – its phone
number is the phone, its address the e-mail, the rest goes to the notes; nothing is
dropped. Seeded variations of the cell's order, separators and labels."""

from __future__ import annotations

import random

import pytest

from contacts.models import NetworkContact
from imports import services
from tests.imports.test_corpus import text_file

HEADINGS = ["Kontaktdaten", "Erreichbarkeit", "Kontakt", "Telefon / E-Mail", "Tel./Mail"]
ORGANISATIONS = ["Tafel Suhl e. V.", "Jugendamt Suhl", "Caritas Suhl", "Volkshochschule Suhl"]
PHONES = ["03447 89 12 40", "0176 12345678", "03681 22 33 44", "036 81/40 12 00"]
MAILS = ["k.lammert@web.de", "info@jugendamt-suhl.de", "caritas@suhl.de", "vhs@suhl.de"]
REMARKS = ["", "", "Mo–Fr 9–12 Uhr", "nur vormittags"]


def _cell(rng: random.Random, phone: str, mail: str, remark: str) -> str:
    phone_part = rng.choice(["", "Tel. ", "Tel.: ", "Telefon "]) + phone
    mail_part = rng.choice(["", "E-Mail: ", "Mail "]) + mail
    pieces = [phone_part, mail_part]
    rng.shuffle(pieces)
    if remark:
        pieces.append(remark)
    return rng.choice([", ", " / ", "; ", "\n"]).join(pieces)


@pytest.mark.parametrize("seed", range(6))
def test_a_combined_contact_cell_is_split_and_nothing_dropped(world, seed):
    rng = random.Random(seed)
    heading = rng.choice(HEADINGS)
    rows: list[list[object]] = [["Einrichtung", "Ort", heading]]
    expected = []
    for organisation, phone, mail in zip(ORGANISATIONS, PHONES, MAILS, strict=True):
        remark = rng.choice(REMARKS)
        rows.append([organisation, "Suhl", _cell(rng, phone, mail, remark)])
        expected.append((organisation, phone, mail, remark))
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=text_file(rows)
    )
    services.commit(batch=batch, by=world.staff_a)
    for organisation, phone, mail, remark in expected:
        contact = NetworkContact.objects.select_related("organisation").get(
            project=world.project_a, organisation__name=organisation
        )
        held = f"{contact.organisation.email} {contact.notes}"
        assert mail in held, (rows[0], organisation, held)
        numbers = [contact.organisation.phone, contact.notes]
        digits = "".join(ch for ch in phone if ch.isdigit())
        assert any(digits in "".join(ch for ch in n if ch.isdigit()) for n in numbers), (
            organisation,
            numbers,
        )
        for word in remark.replace("–", " ").split():
            assert word.replace("–", "-") in contact.notes.replace("–", "-"), (word, contact.notes)
