"""OPML in and out: the feed readers' list of feeds, all or none, with a report per feed."""

import pytest

from curation import services
from curation.models import Source

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Reader export</title></head><body>
<outline text="Energy">
  <outline type="rss" text="Installatie Nieuws" xmlUrl="https://news.example/feed.xml"
    htmlUrl="https://news.example/"/>
  <outline type="rss" title="Warmte Blog" text="x" xmlUrl="https://blog.example/atom"/>
</outline>
<outline text="A folder without feeds"/>
</body></opml>"""


def refusal(**kwargs) -> services.OpmlImportRefused:
    with pytest.raises(services.OpmlImportRefused) as caught:
        services.sources_import_opml(**kwargs)
    return caught.value


def test_the_feeds_of_every_folder_become_sources_and_go_back_out_the_same(workspace, editor):
    added = services.sources_import_opml(workspace=workspace, by=editor, data=OPML)
    assert [(s.name, s.feed_url, s.site_url) for s in added] == [
        ("Installatie Nieuws", "https://news.example/feed.xml", "https://news.example/"),
        ("Warmte Blog", "https://blog.example/atom", ""),
    ]
    exported = services.sources_export_opml(workspace=workspace)
    Source.objects.all().delete()
    again = services.sources_import_opml(workspace=workspace, by=editor, data=exported)
    assert [(s.name, s.feed_url) for s in again] == [(s.name, s.feed_url) for s in added]


def test_one_bad_feed_refuses_the_file_with_each_problem_in_its_place(workspace, editor):
    services.sources_import_opml(workspace=workspace, by=editor, data=OPML)
    bad = OPML.replace(b"https://blog.example/atom", b"file:///etc/passwd").replace(
        b'text="A folder without feeds"/>',
        b'text="Again" xmlUrl="https://NEWS.example/feed.xml"/>'
        b'<outline text="Twice" xmlUrl="https://new.example/rss"/>'
        b'<outline text="Twice" xmlUrl="https://new.example/rss"/>',
    )
    Source.objects.filter(feed_url__contains="news").delete()
    services.sources_import_opml(
        workspace=workspace, by=editor, data=OPML.replace(b"blog.example", b"other.example")
    )
    error = refusal(workspace=workspace, by=editor, data=bad)
    assert [(p.position, p.name) for p in error.problems] == [
        (1, "Installatie Nieuws"),
        (2, "Warmte Blog"),
        (3, "Again"),
        (5, "Twice"),
    ]
    assert "only public http(s)" in error.problems[1].message
    assert Source.objects.count() == 3  # nothing added


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"not xml", "not even XML"),
        (b"<rss><channel/></rss>", "not OPML"),
        (b"<opml><body/></opml>", "no feeds"),
        (b"<opml>" + b" " * (1024 * 1024) + b"</opml>", "too big"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b'<opml><body><outline text="&lol2;" xmlUrl="https://x.example/"/></body></opml>',
            None,
        ),
    ],
)
def test_what_is_no_list_of_feeds_is_refused_clearly(workspace, editor, data, says):
    if says is None:  # small entities are fine; expat refuses the exponential ones
        (source,) = services.sources_import_opml(workspace=workspace, by=editor, data=data)
        assert source.name == "lol" * 10
        return
    assert says in refusal(workspace=workspace, by=editor, data=data).message
