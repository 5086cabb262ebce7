"""The objects the API's URLs point at, for the access matrix: the same as the pages'."""

from ..accounts_registry.url_objects import URL_OBJECTS as REGISTRY
from ..content_calendar.url_objects import URL_OBJECTS as CALENDAR
from ..curation.url_objects import URL_OBJECTS as CURATION
from ..notifications.url_objects import URL_OBJECTS as NOTIFICATIONS
from ..results.url_objects_checkins import URL_OBJECTS as CHECK_INS
from ..strategy.url_objects import URL_OBJECTS as STRATEGY
from ..strategy.url_objects import _plan

URL_OBJECTS = {
    "api:plan": _plan,
    **{f"api:plan_section_{s}": _plan for s in ("why", "who", "what", "how", "reality")},
    "api:plan_submit": _plan,
    "api:plan_approve": _plan,
    "api:plan_request_changes": _plan,
    "api:plan_versions": _plan,
    "api:version": STRATEGY["strategy:version_detail"],
    "api:post": CALENDAR["calendar:post_edit"],
    "api:post_result": CALENDAR["calendar:post_edit"],
    "api:post_approve": CALENDAR["calendar:post_edit"],
    "api:post_comments": CALENDAR["calendar:post_edit"],
    "api:post_images": CALENDAR["calendar:post_edit"],
    "api:image": CALENDAR["calendar:post_image"],
    "api:image_file": CALENDAR["calendar:post_image"],
    "api:campaign": CALENDAR["calendar:campaign_edit"],
    "api:account": REGISTRY["registry:account_detail"],
    "api:grants": REGISTRY["registry:account_detail"],
    "api:grant_revoke": REGISTRY["registry:grant_revoke"],
    "api:handover": REGISTRY["registry:handover_detail"],
    "api:handover_step_confirm": REGISTRY["registry:step_confirm"],
    "api:notification_read": NOTIFICATIONS["notifications:read"],
    "api:check_in": CHECK_INS["results:check_in_edit"],
    "api:sub_goal_progress": CHECK_INS["results:sub_goal"],
    "api:curation_source": CURATION["curation:source_edit"],
    # An address the fetch guard refuses at once: no network is reached.
    "api:curation_source_fetch": CURATION["curation:source_fetch"],
    "api:curation_item": CURATION["curation:item_dismiss"],
}
