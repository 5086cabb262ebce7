"""The demo company's social accounts, with a few realistic risks."""

from .models import Platform, SocialAccount

ACCOUNTS = [
    # platform, handle, purpose, login email, two-factor, status
    (
        Platform.LINKEDIN_PAGE,
        "van-dijk-installatietechniek",
        "Kennis delen met facility managers",
        "social@vandijk-installatie.nl",
        SocialAccount.TwoFactor.APP,
        SocialAccount.Status.ACTIVE,
    ),
    (
        Platform.INSTAGRAM,
        "@werkenbijvandijk",
        "Werving van monteurs",
        "tim.visser.prive@gmail.com",
        SocialAccount.TwoFactor.NONE,
        SocialAccount.Status.ACTIVE,
    ),
    (
        Platform.X,
        "@vandijkinstall",
        "Nieuws en webcare",
        "social@vandijk-installatie.nl",
        SocialAccount.TwoFactor.SMS,
        SocialAccount.Status.ACTIVE,
    ),
    (
        Platform.X,
        "@vandijk_service",
        "Oud serviceaccount",
        "service@vandijk-installatie.nl",
        SocialAccount.TwoFactor.NONE,
        SocialAccount.Status.TO_CONSOLIDATE,
    ),
]


def populate(*, workspace, people) -> None:
    owner = people["eva.jansen@vandijk-installatie.nl"]
    for platform, handle, purpose, login_email, two_factor, status in ACCOUNTS:
        SocialAccount.objects.get_or_create(
            workspace=workspace,
            platform=platform,
            handle=handle,
            defaults={
                "purpose": purpose,
                "login_email": login_email,
                "two_factor": two_factor,
                "status": status,
                "business_owner": owner,
            },
        )
