"""Handover steps stored the reason a step does not apply as a sentence in the language of
whoever started the handover. Store the reason's code instead, so every reader sees it in
their own language; a reason that matches no known sentence is kept as written."""

import re

from django.db import migrations

# The sentences as they were stored, in English and Dutch, and the code each becomes.
FIXED = {
    "The account is closed.": "closed",
    "Het account is opgeheven.": "closed",
    "The leaver has no personal access registered.": "no_personal_access",
    "Er is geen persoonlijke toegang van de vertrekker geregistreerd.": "no_personal_access",
    "No two-factor authentication or recovery method is registered.": "no_recovery",
    "Er is geen tweestapsverificatie of herstelmethode geregistreerd.": "no_recovery",
}
COMPANY_LOGIN = re.compile(
    r"^(?:The login is already a company address|De login is al een adres van het bedrijf)"
    r" \((?P<email>.*)\)\.$"
)
WORDS = {
    "closed": "The account is closed.",
    "no_personal_access": "The leaver has no personal access registered.",
    "no_recovery": "No two-factor authentication or recovery method is registered.",
}


def to_codes(apps, schema_editor):
    step_model = apps.get_model("accounts_registry", "HandoverStep")
    for step in step_model.objects.exclude(not_applicable="").iterator():
        code, params = FIXED.get(step.not_applicable), {}
        match = COMPANY_LOGIN.match(step.not_applicable)
        if match:
            code, params = "company_login", {"email": match["email"]}
        if code:
            step_model.objects.filter(pk=step.pk).update(
                not_applicable=code, not_applicable_params=params
            )


def to_sentences(apps, schema_editor):
    step_model = apps.get_model("accounts_registry", "HandoverStep")
    for code, words in WORDS.items():
        step_model.objects.filter(not_applicable=code).update(not_applicable=words)
    for step in step_model.objects.filter(not_applicable="company_login").iterator():
        email = (step.not_applicable_params or {}).get("email", "")
        step_model.objects.filter(pk=step.pk).update(
            not_applicable=f"The login is already a company address ({email})."
        )


class Migration(migrations.Migration):
    dependencies = [("accounts_registry", "0003_handover_steps_write_the_registry")]

    operations = [migrations.RunPython(to_codes, to_sentences)]
