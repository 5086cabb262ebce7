"""Each export shape we support, read from a sample file, matched to the same three posts."""

import pytest

from results.models import ImportMapping, PostResult
from results.services.post_results import results_import

from .post_results_helpers import published_posts, sample

EXPECTED = [(1234, 56, 78), (12345, 210, 301), (987, 3, 45)]


@pytest.mark.parametrize(
    ("name", "order"),
    [
        ("linkedin_nl.csv", "dmy"),  # notice above the header, semicolons, 1.234, percentages
        ("buffer_en.csv", "mdy"),  # 02/10/2026 09:00 AM, "12,345", a shared link (not ours)
        ("hootsuite_en.csv", "dmy"),  # a title row, "Feb 10, 2026 09:00", Views, Link clicks
        ("strategy_planner.csv", "dmy"),  # our own columns
        ("facebook_nl.xlsx", "dmy"),  # Excel, title rows, Weergaven, dates as cells, a CTR
    ],
)
def test_a_sample_export_saves_the_figures_of_its_three_posts(workspace, editor, name, order):
    channel, posts = published_posts(workspace, editor)
    report = results_import(
        workspace=workspace,
        by=editor,
        channel=channel,
        raw=sample(name),
        commit=True,
        slash_order=order,
    )
    assert report.ok, (report.problems, [(r.line, r.status, r.errors) for r in report.rows])
    assert report.saved == 3
    results = {r.post_id: r for r in PostResult.objects.all()}
    got = [
        (results[p.pk].impressions, results[p.pk].clicks, results[p.pk].reactions) for p in posts
    ]
    assert got == EXPECTED
    assert all(r.source == PostResult.Source.IMPORT for r in results.values())
    # The percentage columns are ignored, and shown so.
    assert not any(c.column is None and not c.ignored for c in report.columns)
    assert ImportMapping.objects.get(channel=channel).columns


def test_linkedin_keeps_the_permalink_and_the_next_import_matches_by_it(workspace, editor):
    channel, posts = published_posts(workspace, editor)
    results_import(
        workspace=workspace, by=editor, channel=channel, raw=sample("linkedin_nl.csv"), commit=True
    )
    first = PostResult.objects.get(post=posts[0])
    assert first.permalink == "https://www.linkedin.com/feed/update/urn:li:activity:7001"
    # The post was moved in the calendar afterwards: the link still finds it.
    posts[0].scheduled_at = posts[0].scheduled_at.replace(day=20)
    posts[0].save()
    report = results_import(
        workspace=workspace, by=editor, channel=channel, raw=sample("linkedin_nl.csv"), commit=False
    )
    row = report.rows[0]
    assert (row.post_id, row.matched_by, row.status) == (posts[0].pk, "permalink", "replace")


def test_the_dutch_file_reads_follows_and_an_empty_figure_as_unknown(workspace, editor):
    channel, posts = published_posts(workspace, editor)
    results_import(
        workspace=workspace, by=editor, channel=channel, raw=sample("linkedin_nl.csv"), commit=True
    )
    assert PostResult.objects.get(post=posts[0]).follows == 2
    assert PostResult.objects.get(post=posts[1]).follows is None
    assert PostResult.objects.get(post=posts[1]).comments == 12


def test_the_slash_order_chosen_decides_the_day(workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    report = results_import(
        workspace=workspace,
        by=editor,
        channel=channel,
        raw=sample("buffer_en.csv"),
        commit=True,
        slash_order="dmy",  # 02/10/2026 read as 2 October: no post then
    )
    assert not report.ok
    assert len(report.unmatched) == 3
    assert not PostResult.objects.exists()
