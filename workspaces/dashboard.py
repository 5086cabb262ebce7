"""The dashboard is composed of panels that the apps supply (settings.DASHBOARD_PANELS)."""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string


@dataclass
class Panel:
    """A template of the app's own, rendered with `data` on the workspace dashboard."""

    template: str
    data: dict[str, Any] = field(default_factory=dict)


def dashboard_panels(request: HttpRequest) -> list[Panel]:
    panels = (import_string(path)(request) for path in settings.DASHBOARD_PANELS)
    return [panel for panel in panels if panel is not None]
