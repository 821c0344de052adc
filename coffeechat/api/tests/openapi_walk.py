"""Every operation of the JSON API on one object, read from its OpenAPI document, with a body
that passes the API's type checks, for the privacy walk."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from coffeechat.api.v1.api import api

PREFIX = "/api/v1/"


@dataclass
class ApiOperation:
    method: str
    route: str  # as Django's URL pattern reads it: api/v1/contacts/<int:contact_id>
    url: str
    body: str


def _example(schema: dict, components: dict, name: str, builders: dict, case) -> object:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
        return _example(schema, components, name, builders, case)
    if "allOf" in schema:
        return _example(schema["allOf"][0], components, name, builders, case)
    if name in builders:
        return builders[name](case)
    if "enum" in schema:
        return schema["enum"][-1]
    kind = schema.get("type")
    if kind == "object":
        return {
            key: _example(prop, components, key, builders, case)
            for key, prop in schema.get("properties", {}).items()
            if key in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return True
    if schema.get("format") == "date-time":
        return timezone.now().isoformat()
    if schema.get("format") == "date":
        return timezone.localdate().isoformat()
    return "Walked"


def api_object_operations(builders: dict[str, Callable], case) -> list[ApiOperation]:
    document = api.get_openapi_schema(path_prefix=PREFIX)
    components = document.get("components", {}).get("schemas", {})
    found = []
    for path, methods in document["paths"].items():
        keywords = re.findall(r"{(\w+)}", path)
        if not keywords:
            continue
        route = re.sub(r"{(\w+)}", r"<int:\1>", path).removeprefix("/")
        for method, op in methods.items():
            url = path
            for keyword in keywords:
                url = url.replace(f"{{{keyword}}}", str(builders[keyword](case)))
            schema = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            body = _example(schema["schema"], components, "", builders, case) if schema else {}
            found.append(ApiOperation(method.upper(), route, url, json.dumps(body)))
    return found
