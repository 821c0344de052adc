"""The API's reference page, built from the same OpenAPI document /api/v1/openapi.json serves.

Swagger UI and ReDoc are large third-party scripts; our pages run only our own code, so the
reference is plain HTML made on the server, with every operation, parameter and field.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from coffeechat.api.v1.api import api

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    body_name: str = ""
    responses: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Reference:
    title: str
    description: str
    groups: list[tuple[str, list[Operation]]]
    schemas: list[tuple[str, list[Field], list[str]]]  # name, fields, or an enum's values


def _type(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        kinds = [_type(s, components) for s in schema["anyOf"]]
        return " or ".join(k for k in kinds if k != "null") + (
            " or null" if "null" in kinds else ""
        )
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _type(schema["allOf"][0], components)
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}), components)}"
    if schema.get("format") in ("date-time", "date", "uuid"):
        return f"{kind} ({schema['format']})"
    return kind


def _fields(schema: dict, components: dict) -> list[Field]:
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    required = set(schema.get("required", []))
    return [
        Field(name, _type(prop, components), name in required, prop.get("description", ""))
        for name, prop in schema.get("properties", {}).items()
    ]


def reference() -> Reference:
    # The paths as served: where the API is mounted (/api/v1/) comes from the URL conf.
    prefix = reverse("api_v1:openapi-json").removesuffix("openapi.json")
    document = api.get_openapi_schema(path_prefix=prefix)
    components = document.get("components", {}).get("schemas", {})
    groups: dict[str, list[Operation]] = {}
    for path, methods in document["paths"].items():
        for method in METHODS:
            op = methods.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            body_schema = body.get("schema", {})
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=op.get("summary", ""),
                description=op.get("description", "") or "",
                anchor=op.get("operationId", f"{method}-{path}"),
                parameters=[
                    Field(
                        f"{p['name']} ({p['in']})",
                        _type(p.get("schema", {}), components),
                        p.get("required", False),
                        p.get("description", "") or p.get("schema", {}).get("description", ""),
                    )
                    for p in op.get("parameters", [])
                ],
                body=_fields(body_schema, components) if body_schema else [],
                body_name=_type(body_schema, components) if body_schema else "",
                responses=[
                    (code, _response_type(answer, components))
                    for code, answer in op.get("responses", {}).items()
                ],
            )
            groups.setdefault((op.get("tags") or ["other"])[0], []).append(operation)
    schemas = [
        (name, _fields(schema, components), [str(v) for v in schema.get("enum", [])])
        for name, schema in sorted(components.items())
    ]
    info = document["info"]
    return Reference(info["title"], info.get("description", ""), list(groups.items()), schemas)


def _response_type(answer: dict, components: dict) -> str:
    schema = answer.get("content", {}).get("application/json", {}).get("schema")
    return _type(schema, components) if schema else "no content"
