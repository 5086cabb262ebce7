"""The demo company's strategy: one approved plan with a complete worksheet, and the next
quarter's draft started from it. Written through the services, like a team would."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts_registry.selectors import channel_accounts

from . import services
from .models import Section, StrategyPlan

APPROVED_TITLE = "Social media strategie Van Dijk"


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def populate(*, workspace, people) -> None:
    if StrategyPlan.objects.filter(workspace=workspace, title=APPROVED_TITLE).exists():
        return
    sanne = people["demo@vandijk-installatie.nl"]
    eva = people["eva.jansen@vandijk-installatie.nl"]
    ruud = people["ruud.bakker@vandijk-installatie.nl"]
    tim = people["tim.visser@vandijk-installatie.nl"]
    start = _quarter_start(timezone.localdate())
    plan = services.plan_create(
        workspace=workspace,
        owner=eva,
        title=APPROVED_TITLE,
        period_start=start,
        period_end=start + relativedelta(months=3, days=-1),
        reviewer=ruud,
    )

    def save(section, values, items=None):
        nonlocal plan
        plan = services.plan_section_save(
            plan=plan,
            section=section,
            by=eva,
            revision=plan.revision_of(section),
            values=values,
            items=items or {},
        )

    save(
        Section.WHY,
        {
            "business_issue": "We vinden te weinig monteurs, en klanten kennen ons alleen van "
            "de bus op straat. Social media moeten werven en ons laten zien als de kennispartner "
            "voor duurzame installaties.",
            "top_goal": "Meer omzet uit warmtepompprojecten bij bedrijven in de regio.",
            "success_meanings": ["thought_leadership", "lead_generation", "web_traffic"],
            "success_notes": "Naamsbekendheid en aanvraagintentie, niet directe verkoop. "
            "Een luisterdashboard volgt ook twee concurrenten.",
            "supports_marketing": "Aankondigen en verslag van de open dag en de "
            "Installatievakbeurs; de nieuwsbrief deelt de beste berichten.",
        },
        {
            "sub_goals": [
                {
                    "category": "recruiting",
                    "description": "Meer sollicitaties van monteurs",
                    "metric": "sollicitaties via social",
                    "baseline": Decimal("2"),
                    "target": Decimal("10"),
                    "unit": "per kwartaal",
                    "deadline": start + relativedelta(months=3, days=-1),
                },
                {
                    "category": "knowledge_partner",
                    "description": "Kennispartner voor warmtepompen",
                    "metric": "volgers LinkedIn-pagina",
                    "baseline": Decimal("850"),
                    "target": Decimal("1200"),
                    "unit": "volgers",
                    "deadline": start + relativedelta(months=3, days=-1),
                },
            ]
        },
    )
    save(
        Section.WHO,
        {
            "brand": "Van Dijk Installatietechniek, familiebedrijf sinds 1978.",
            "value_proposition": "Duurzame installaties die het eerste jaar al besparen.",
            "desired_image": "Vakkundig, eerlijk en dichtbij.",
            "key_people": "Facility managers in de regio; de Techniekcoalitie; vakgroep "
            "Installatie op LinkedIn.",
            "crisis_decider": "Sanne de Vries (directie)",
        },
        {
            "audiences": [
                {
                    "name": "Facility managers",
                    "priority": 1,
                    "cares_about": "Storingen, energiekosten, regelgeving",
                    "where_active": "LinkedIn",
                    "creates_content": "some",
                },
                {
                    "name": "Monteurs en mbo-studenten",
                    "priority": 2,
                    "cares_about": "Werksfeer, opleiding, salaris",
                    "where_active": "Instagram, TikTok",
                    "creates_content": "yes",
                },
            ],
            "conversations": [
                {
                    "with_whom": "Klanten",
                    "about": "Onderhoud en storingen",
                    "suitable_channel": "LinkedIn, telefoon",
                },
            ],
            "team_roles": [
                {
                    "role": "Social media manager",
                    "person": "Eva Jansen",
                    "routes_questions_about": "",
                    "hours_per_week": Decimal("8"),
                    "within_working_hours": True,
                },
                {
                    "role": "Webcare",
                    "person": "Tim Visser",
                    "routes_questions_about": "storingen, offertes",
                    "hours_per_week": Decimal("4"),
                    "within_working_hours": True,
                },
            ],
        },
    )
    save(
        Section.WHAT,
        {
            "core_messages": "Wij maken gebouwen duurzaam zonder gedoe. Bij ons leer je het vak.",
            "unique_value": "Praktische tips van monteurs die elke dag in de technische "
            "ruimte staan.",
            "mix_promotional": 20,
            "mix_curated": 40,
            "mix_engagement": 40,
        },
        {
            "themes": [
                {"name": "Warmtepomp in de praktijk", "message": "Wat werkt echt, met cijfers."},
                {"name": "Werken bij Van Dijk", "message": "Een dag op de bus met onze monteurs."},
            ]
        },
    )
    # The how step chooses among the audiences and sub-goals saved in the steps before.
    audiences = {a.name: a for a in plan.audiences.all()}
    sub_goals = {g.description: g for g in plan.sub_goals.all()}
    accounts = list(channel_accounts(workspace=workspace))
    linkedin = next((a for a in accounts if a.platform == "linkedin_page"), None)
    instagram = next((a for a in accounts if a.platform == "instagram"), None)
    channels = []
    if linkedin:
        channels.append(
            {
                "account": linkedin,
                "purpose": "Kennis delen en leads",
                "audience": audiences["Facility managers"],
                "owner": eva,
                "min_posts_per_week": 2,
                "max_posts_per_week": 4,
            }
        )
    if instagram:
        channels.append(
            {
                "account": instagram,
                "purpose": "Werving",
                "audience": audiences["Monteurs en mbo-studenten"],
                "owner": tim,
                "min_posts_per_week": 2,
                "max_posts_per_week": 5,
            }
        )
    save(
        Section.HOW,
        {
            "policy_who_may_speak": "Eva en Tim namens het bedrijf; collega's delen en "
            "reageren op persoonlijke titel.",
            "policy_hashtag_check": "Voor gebruik zoeken we elke trending hashtag op en "
            "kijken we waar het gesprek over gaat.",
            "policy_crisis_escalation": "Eva belt Sanne; Sanne beslist binnen het uur.",
            "policy_scheduling": "We plannen een week vooruit; geen automatische robo-posts.",
            "daily_watch": "Tim, elke werkdag om 9 en 15 uur",
            "review_cycle": "Elke maand: observeren en luisteren, intern bespreken, "
            "processen bijstellen, deelnemen, feedback geven, en opnieuw.",
        },
        {
            "channels": channels,
            "measurements": [
                {
                    "kpi": "Sollicitaties via social",
                    "sub_goal": sub_goals["Meer sollicitaties van monteurs"],
                    "source": "ATS-rapport",
                    "frequency": "monthly",
                },
            ],
        },
    )
    save(
        Section.REALITY,
        {
            "reality_persistence": "We houden een vast ritme vol en bundelen het in de "
            "nieuwsbrief.",
            "reality_broadcasting": "Elke week een vraag aan de volgers; we reageren binnen "
            "een dag.",
            "reality_group_spam": "We beginnen geen eigen groep; we doen mee in bestaande.",
            "reality_silent_community": "Geen eigen community dit kwartaal.",
            "reality_no_viral": "We rekenen op ritme, niet op een hit.",
            "reality_no_user_content": "Alleen monteurs maken content; klanten vragen we dat niet.",
            "reality_working_time": "Eva 8 en Tim 4 uur per week, binnen werktijd.",
            "reality_unique_value": "Tips uit de praktijk die leveranciers niet geven.",
        },
    )
    if channels:
        services.plan_submit(plan=plan, by=eva)
        version = services.plan_approve(plan=plan, by=ruud, comment="Helder plan, akkoord.")
        next_start = plan.period_end + datetime.timedelta(days=1)
        services.plan_copy(
            version=version,
            by=sanne,
            title="Social media strategie Van Dijk — volgend kwartaal",
            period_start=next_start,
            period_end=next_start + relativedelta(months=3, days=-1),
        )
