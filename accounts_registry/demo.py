"""The demo company's social accounts, with a few realistic risks: a login on a personal
Gmail address, a lone admin, no two-factor authentication, two X accounts to consolidate
(the demo calendar plans nothing on them, so both show as dormant too)."""

import datetime

from django.utils import timezone

from .models import AccessGrant, Platform, RegistrySettings, SocialAccount

SANNE = "demo@vandijk-installatie.nl"
EVA = "eva.jansen@vandijk-installatie.nl"
RUUD = "ruud.bakker@vandijk-installatie.nl"
TIM = "tim.visser@vandijk-installatie.nl"

ACCOUNTS = [
    # platform, handle, purpose, login, 2FA, vault, password age (days), status, owner, access
    (
        Platform.LINKEDIN_PAGE,
        "van-dijk-installatietechniek",
        "Kennis delen met facility managers",
        "social@vandijk-installatie.nl",
        SocialAccount.TwoFactor.APP,
        "1Password > Marketing > LinkedIn",
        40,
        SocialAccount.Status.ACTIVE,
        EVA,
        [(EVA, AccessGrant.Level.OWNER), (RUUD, AccessGrant.Level.OWNER)],
    ),
    (
        Platform.INSTAGRAM,
        "@werkenbijvandijk",
        "Werving van monteurs",
        "tim.visser.prive@gmail.com",
        SocialAccount.TwoFactor.NONE,
        "",
        400,
        SocialAccount.Status.ACTIVE,
        TIM,
        [(TIM, AccessGrant.Level.OWNER)],
    ),
    (
        Platform.X,
        "@vandijkinstall",
        "Nieuws en webcare",
        "social@vandijk-installatie.nl",
        SocialAccount.TwoFactor.SMS,
        "1Password > Marketing > X",
        90,
        SocialAccount.Status.ACTIVE,
        EVA,
        [(EVA, AccessGrant.Level.OWNER), (TIM, AccessGrant.Level.EDITOR)],
    ),
    (
        Platform.X,
        "@vandijk_service",
        "Oud serviceaccount uit 2015",
        "service@vandijk-installatie.nl",
        SocialAccount.TwoFactor.NONE,
        "",
        900,
        SocialAccount.Status.ACTIVE,
        RUUD,
        [(RUUD, AccessGrant.Level.OWNER), ("Bureau Zon", AccessGrant.Level.EDITOR)],
    ),
]


def populate(*, workspace, people) -> None:
    RegistrySettings.objects.get_or_create(workspace=workspace)
    today = timezone.localdate()
    for (
        platform,
        handle,
        purpose,
        login,
        two_factor,
        vault,
        age,
        status,
        owner,
        access,
    ) in ACCOUNTS:
        account, created = SocialAccount.objects.get_or_create(
            workspace=workspace,
            platform=platform,
            handle=handle,
            defaults={
                "purpose": purpose,
                "login_email": login,
                "two_factor": two_factor,
                "vault_reference": vault,
                "password_changed_on": today - datetime.timedelta(days=age),
                "status": status,
                "business_owner": people[owner],
            },
        )
        if not created:
            continue
        for holder, level in access:
            AccessGrant.objects.create(
                account=account,
                member=people.get(holder),
                outside_name="" if holder in people else holder,
                outside_email="" if holder in people else "team@bureauzon.nl",
                level=level,
                granted_by=people[SANNE],
            )
