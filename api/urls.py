"""/api/: the schema, its documentation page, and one endpoint per operation under
/api/w/<workspace>/ (the workspace in the address, as in the pages)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import (
    accounts,
    campaigns,
    checkins,
    curation,
    docs,
    evaluations,
    handovers,
    images,
    notifications,
    plans,
    post_results,
    posts,
)

app_name = "api"

workspace_patterns = [
    path("plans/", plans.PlanListCreate.as_view(), name="plans"),
    path("plans/<int:pk>/", plans.PlanDetail.as_view(), name="plan"),
    *[
        path(
            f"plans/<int:pk>/sections/{section}/",
            view.as_view(),
            name=f"plan_section_{section}",
        )
        for section, view in plans.SECTION_VIEWS.items()
    ],
    path("plans/<int:pk>/submit/", plans.PlanSubmit.as_view(), name="plan_submit"),
    path("plans/<int:pk>/approve/", plans.PlanApprove.as_view(), name="plan_approve"),
    path(
        "plans/<int:pk>/request-changes/",
        plans.PlanRequestChanges.as_view(),
        name="plan_request_changes",
    ),
    path("plans/<int:pk>/versions/", plans.PlanVersions.as_view(), name="plan_versions"),
    path("versions/<int:pk>/", plans.VersionDetail.as_view(), name="version"),
    path("posts/", posts.PostListCreate.as_view(), name="posts"),
    path("posts/balance/", posts.PostBalance.as_view(), name="post_balance"),
    path("posts/<int:pk>/", posts.PostDetail.as_view(), name="post"),
    path("posts/<int:pk>/approve/", campaigns.PostApprove.as_view(), name="post_approve"),
    path("posts/<int:pk>/comments/", campaigns.PostComments.as_view(), name="post_comments"),
    path("posts/<int:pk>/images/", images.PostImages.as_view(), name="post_images"),
    path("images/<int:pk>/", images.PostImageDetail.as_view(), name="image"),
    path("images/<int:pk>/file/", images.PostImageFile.as_view(), name="image_file"),
    path("campaigns/", campaigns.CampaignListCreate.as_view(), name="campaigns"),
    path("campaigns/<int:pk>/", campaigns.CampaignDetail.as_view(), name="campaign"),
    path("post-results/", post_results.PostResultList.as_view(), name="post_results"),
    path("posts/<int:pk>/result/", post_results.PostResultDetail.as_view(), name="post_result"),
    path("accounts/", accounts.AccountListCreate.as_view(), name="accounts"),
    path("accounts/<int:pk>/", accounts.AccountDetail.as_view(), name="account"),
    path("accounts/<int:pk>/grants/", accounts.GrantListCreate.as_view(), name="grants"),
    path("grants/<int:pk>/revoke/", accounts.GrantRevoke.as_view(), name="grant_revoke"),
    path("handovers/", handovers.HandoverList.as_view(), name="handovers"),
    path("handovers/<int:pk>/", handovers.HandoverDetail.as_view(), name="handover"),
    path(
        "handover-steps/<int:pk>/confirm/",
        handovers.HandoverStepConfirm.as_view(),
        name="handover_step_confirm",
    ),
    path("evaluations/", evaluations.EvaluationList.as_view(), name="evaluations"),
    path("evaluations/<int:pk>/", evaluations.EvaluationDetail.as_view(), name="evaluation"),
    path("spends/", evaluations.SpendListCreate.as_view(), name="spends"),
    path("check-ins/", checkins.CheckInListCreate.as_view(), name="check_ins"),
    path("check-ins/<int:pk>/", checkins.CheckInDetail.as_view(), name="check_in"),
    path(
        "sub-goals/<int:pk>/progress/",
        checkins.SubGoalProgress.as_view(),
        name="sub_goal_progress",
    ),
    path("notifications/", notifications.NotificationList.as_view(), name="notifications"),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAll.as_view(),
        name="notifications_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notifications.NotificationRead.as_view(),
        name="notification_read",
    ),
    path("sources/", curation.SourceListCreate.as_view(), name="curation_sources"),
    path("sources/<int:pk>/", curation.SourceDetail.as_view(), name="curation_source"),
    path(
        "sources/<int:pk>/fetch/",
        curation.SourceFetch.as_view(),
        name="curation_source_fetch",
    ),
    path("items/", curation.ItemList.as_view(), name="curation_items"),
    path("items/<int:pk>/", curation.ItemDetail.as_view(), name="curation_item"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("w/<slug:workspace>/", include(workspace_patterns)),
    # Any other address under /api/ (a malformed id, say) is a 404 in JSON, not the HTML page.
    re_path(r"", docs.not_found),
]
