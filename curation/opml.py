"""OPML, the feed readers' convention for a list of feeds: written from the sources, read
into (name, feed address) pairs. The file is small and XML: read with the standard library's
parser, whose expat refuses entity expansion attacks, and with a size limit."""

import dataclasses
import xml.etree.ElementTree as ET

from django.utils import timezone

MAX_BYTES = 1024 * 1024


class OpmlRefused(Exception):
    """The file is no OPML; `code` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclasses.dataclass
class Outline:
    position: int  # its place among the feeds of the file, for the report
    name: str
    feed_url: str
    site_url: str


def write(*, title: str, sources) -> bytes:
    """An OPML 2.0 file of the sources."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = timezone.now().strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = ET.SubElement(root, "body")
    for source in sources:
        attributes = {"type": "rss", "text": source.name, "title": source.name}
        attributes["xmlUrl"] = source.feed_url
        if source.site_url:
            attributes["htmlUrl"] = source.site_url
        ET.SubElement(body, "outline", attributes)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def read(data: bytes) -> list[Outline]:
    """The feeds an OPML file lists (outlines with an xmlUrl, at any depth: readers group
    them in folders), in file order."""
    if len(data) > MAX_BYTES:
        raise OpmlRefused("too_big")
    parser = ET.XMLPullParser(events=("start",))
    outlines, root_seen = [], False
    try:
        parser.feed(data)
        parser.close()
        for _event, element in parser.read_events():
            if not root_seen:
                root_seen = True
                if element.tag != "opml":
                    raise OpmlRefused("not_opml")
            if element.tag == "outline" and element.get("xmlUrl"):
                outlines.append(
                    Outline(
                        position=len(outlines) + 1,
                        name=(element.get("title") or element.get("text") or "").strip()[:200],
                        feed_url=element.get("xmlUrl", "").strip(),
                        site_url=element.get("htmlUrl", "").strip(),
                    )
                )
    except ET.ParseError:
        raise OpmlRefused("not_xml") from None
    if not root_seen:
        raise OpmlRefused("not_xml")
    return outlines
