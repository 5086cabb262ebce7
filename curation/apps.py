from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    name = "curation"
    verbose_name = _("Curated content")

    def ready(self):
        from notifications.kinds import KindGroup, register_kind

        from .models import NotificationKind as Kind

        curation = KindGroup("curation", _("Curated content"), position=35)
        register_kind(
            Kind.SOURCE_PAUSED,
            label=_("A source of curated content keeps failing and is paused"),
            group=curation,
        )

        from content_calendar import post_hooks
        from content_calendar.models import Category

        from . import selectors, services

        # "Plan as curated post": the post form starts from the item, and marks it planned.
        post_hooks.register_origin(
            ORIGIN,
            initial=lambda *, workspace, key: (
                selectors.post_draft(workspace=workspace, item_id=int(key)) if key.isdigit() else {}
            ),
            planned=services.item_planned,
        )
        # Coming weeks short of curated posts: the balance panel sends the planner here.
        post_hooks.register_filler(
            Category.CURATED,
            link=lambda: (
                _("Fewer curated posts than the plan asks: find some in the curation inbox."),
                "curation:inbox",
            ),
        )


# What the post form carries when a post is planned from an item: "curation.item:<pk>".
ORIGIN = "curation.item"
