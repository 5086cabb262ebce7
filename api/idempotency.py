"""`Idempotency-Key` on API writes: the same write sent twice with the same key is done once.

The first request claims the key (a row; the unique constraint decides who is first), runs,
and keeps its answer; a repeat gets that answer back, with `Idempotent-Replayed: true`. A
repeat while the first still runs is a 409; the same key with another method, address or
body is a 422. A server error gives the key back, so the client's retry runs again. Keys are
kept for KEPT_FOR; older ones are forgotten when the next key is claimed."""

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from .models import IdempotentAnswer

HEADER = "Idempotency-Key"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
KEPT_FOR = datetime.timedelta(hours=24)
MAX_KEY_LENGTH = 200


class KeyInUse(APIException):
    status_code = 409
    default_code = "idempotency_key_in_use"


class KeyReused(APIException):
    status_code = 422
    default_code = "idempotency_key_reused"


class BadKey(APIException):
    status_code = 400
    default_code = "idempotency_key_invalid"


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), request.body):
        digest.update(part)
        digest.update(b"\x1f")
    return digest.hexdigest()


def claim(request) -> Response | IdempotentAnswer | None:
    """Before the write: None without a key; the kept answer (as a Response) for a repeat;
    else the claim, to be completed by `keep`."""
    key = request.headers.get(HEADER)
    if request.method not in WRITES or key is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise BadKey(_("The Idempotency-Key must be 1 to 200 characters."))
    fingerprint = _fingerprint(request)
    now = timezone.now()
    IdempotentAnswer.objects.filter(created_at__lt=now - KEPT_FOR).delete()
    try:
        with transaction.atomic():
            return IdempotentAnswer.objects.create(
                user=request.user, key=key, fingerprint=fingerprint, created_at=now
            )
    except IntegrityError:
        pass
    kept = IdempotentAnswer.objects.filter(user=request.user, key=key).first()
    if kept is None:  # forgotten meanwhile: try the claim once more
        return claim(request)
    if kept.fingerprint != fingerprint:
        raise KeyReused(
            _("This Idempotency-Key was used for another request: use a new key for a new one.")
        )
    if kept.status_code is None:
        raise KeyInUse(_("A request with this Idempotency-Key is still running: try again soon."))
    response = Response(kept.body, status=kept.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def keep(answer: IdempotentAnswer, response) -> None:
    """After the write: keep its answer, or give the key back after a server error."""
    if response.status_code >= 500:
        IdempotentAnswer.objects.filter(pk=answer.pk).delete()
        return
    IdempotentAnswer.objects.filter(pk=answer.pk).update(
        status_code=response.status_code, body=getattr(response, "data", None)
    )
