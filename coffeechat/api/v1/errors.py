"""One error shape for the whole API: {"error": message, "field": name or null, "errors": {…}}."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError


class Error(Schema):
    error: str
    field: str | None = None
    errors: dict[str, list[str]] = {}


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or {}


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 412: Error, 422: Error}


def form_error(form: forms.BaseForm, names: dict[str, str] | None = None) -> ApiError:
    """A 422 naming each field the form refused, under the API's own field names."""
    names = names or {}
    errors: dict[str, list[str]] = {}
    for field, messages in form.errors.items():
        key = "__all__" if field == forms.forms.NON_FIELD_ERRORS else names.get(field, field)
        errors.setdefault(key, []).extend(str(m) for m in messages)
    return invalid(errors)


def invalid(errors: dict[str, list[str]]) -> ApiError:
    field = next((f for f in errors if f != "__all__"), None)
    first = errors[field][0] if field else next(iter(errors.values()))[0]
    message = f"{field}: {first}" if field else first
    return ApiError(422, message, errors)


def _body(message: str, field: str | None = None, errors: dict | None = None) -> dict:
    return {"error": message, "field": field, "errors": errors or {}}


def install_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        field = next((f for f in exc.errors if f != "__all__"), None)
        return api.create_response(
            request, _body(exc.message, field, exc.errors), status=exc.status
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, _body("Not found."), status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = "Send a personal access token: Authorization: Bearer cc_…"
        return api.create_response(request, _body(message), status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, _body(str(exc)), status=exc.status_code)

    @api.exception_handler(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            # loc is ("body", "payload", "emails", 0) or ("query", "limit"): name the field.
            loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
            source = loc[0] if loc and loc[0] in ("query", "path", "header") else ""
            name = ".".join(loc[1:] if source else loc) or "__all__"
            errors.setdefault(name, []).append(str(error.get("msg", "is not valid")))
        return api_error(request, invalid(errors))
