"""The API's documentation page: the OpenAPI schema drf-spectacular generates, rendered on the
server by our own template. Swagger UI and Redoc are JavaScript bundles from a CDN (or the
drf-spectacular-sidecar package, which is not installed); this page needs no script at all,
so it works offline and under our Content-Security-Policy (our own static files only)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def _ref_name(schema: dict) -> str:
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else ""


def _describe(schema: dict) -> str:
    """A short type description of a schema: "Post", "array of Post", "string (date)"."""
    if not schema:
        return ""
    if "$ref" in schema:
        return _ref_name(schema)
    if "allOf" in schema:
        return " & ".join(_describe(s) for s in schema["allOf"])
    if "oneOf" in schema:
        return " | ".join(_describe(s) for s in schema["oneOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array of {_describe(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"] if v not in ("", None))
    fmt = schema.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def _fields(schema: dict) -> list[dict]:
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": _describe(prop),
            "required": name in required,
            "read_only": prop.get("readOnly", False),
            "nullable": prop.get("nullable", False),
            "description": prop.get("description", ""),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def _body(content: dict | None) -> str:
    if not content:
        return ""
    return _describe(next(iter(content.values())).get("schema", {}))


@require_GET
def api_docs(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": op.get("operationId", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "type": _describe(p.get("schema", {})),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "request": _body(op.get("requestBody", {}).get("content")),
                    "responses": [
                        {"status": status, "body": _body(r.get("content"))}
                        for status, r in op.get("responses", {}).items()
                    ],
                }
            )
    components = [
        {"name": name, "fields": _fields(component)}
        for name, component in sorted(schema.get("components", {}).get("schemas", {}).items())
    ]
    return render(
        request,
        "api/docs.html",
        {"info": schema["info"], "operations": operations, "components": components},
    )


@csrf_exempt  # it changes nothing; any method gets the same JSON 404
def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": _("Not found.")}, status=404)
