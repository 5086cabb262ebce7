"""The objects curation's URLs point at, for the access matrix."""

from .factories import ItemFactory, SourceFactory


def _source(workspace, user):
    return {"pk": SourceFactory(workspace=workspace, owner=user).pk}


def _unfetchable_source(workspace, user):
    # An address the guard refuses before any lookup: the matrix never reaches a network.
    source = SourceFactory(workspace=workspace, owner=user, feed_url="http://127.0.0.1:9/feed")
    return {"pk": source.pk}


def _item(workspace, user):
    return {"pk": ItemFactory(source=SourceFactory(workspace=workspace, owner=user)).pk}


URL_OBJECTS = {
    "curation:item_dismiss": _item,
    "curation:source_edit": _source,
    "curation:source_fetch": _unfetchable_source,
    "curation:source_delete": _source,
}
