"""Schemathesis against the OpenAPI document the API serves: every operation, with data that
fits the schema and data that does not, must answer without a server error and with a body
that matches what the document promises for its status.

Bounded (a few examples per operation, no deadline) so it stays short, and derandomised so a
run is repeatable: the same examples every time (change the seed of exploration by hand with
`derandomize=False` when hunting for new failures).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from coffeechat.api.tokens import create_token
from coffeechat.core.testing import make_user
from coffeechat.core.tests import factories

EXAMPLES = 10


# Loaded through the WSGI application, as a client would read it: the document served.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def same_connection():
    """Keep the test's database connection across requests, as Django's test client does: the
    WSGI handler would otherwise close it (and with it the test database) after each one."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def secret(db, same_connection) -> str:
    """A read-and-write token for a user with one of each object (ids 1, so generated ids hit)."""
    user = make_user("fuzz")
    organisation = factories.organisation(user)
    contact = factories.contact(user, org=organisation)
    conversation = factories.conversation(user, contact)
    factories.meeting(user, conversation)
    factories.action(user, contact=contact)
    factories.touchpoint(user, contact)
    factories.tag(user)
    return create_token(user, "schemathesis", can_write=True)[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_every_operation_as_its_schema_says(case, secret):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {secret}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
