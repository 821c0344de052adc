"""The OpenAPI document and the reference page rendered from it, under our own CSP."""

from django.test import TestCase

from coffeechat.api.tokens import create_token
from coffeechat.contacts.models import Contact
from coffeechat.core.middleware import CONTENT_SECURITY_POLICY
from coffeechat.core.testing import make_user
from coffeechat.core.tests import factories


class DocsTests(TestCase):
    def test_it_serves_the_openapi_document(self):
        document = self.client.get("/api/v1/openapi.json").json()
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertIn("/api/v1/contacts/{contact_id}", document["paths"])
        self.assertIn("/api/v1/check/request", document["paths"])
        self.assertEqual(document["components"]["securitySchemes"]["TokenAuth"]["scheme"], "bearer")

    def test_it_renders_every_operation_with_our_own_scripts_only(self):
        response = self.client.get("/api/v1/docs/")
        self.assertEqual(response["Content-Security-Policy"], CONTENT_SECURITY_POLICY)
        page = response.content.decode()
        document = self.client.get("/api/v1/openapi.json").json()
        for path, methods in document["paths"].items():
            for method in methods:
                self.assertIn(f"{method.upper()} {path}", page)
        self.assertIn("<code>stage</code> Stage, required", page)
        self.assertIn('id="schema-Stage">Stage</h3>\n  <p>One of <code>prospect</code>', page)
        scripts = [line for line in page.splitlines() if "<script" in line]
        self.assertEqual(len(scripts), 2)
        self.assertIn('src="/static/coffeechat/site.js"', scripts[0])
        self.assertIn('src="/static/api/try.js"', scripts[1])
        # Every operation can be tried (the forms show once our script runs).
        operations = sum(len(methods) for methods in document["paths"].values())
        self.assertEqual(page.count("data-api-try"), operations)
        self.assertNotIn("swagger", page.lower())


class ListQueryCountTests(TestCase):
    def test_it_reads_a_page_of_contacts_in_a_fixed_number_of_queries(self):
        user = make_user("alice")
        _, secret = create_token(user, "t", can_write=False)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

        def add(n: int) -> None:
            for _ in range(n):
                number = Contact.objects.count()
                org = factories.organisation(user, f"Org {number}")
                contact = factories.contact(user, f"Person Number{number}", org=org)
                contact.tags.add(factories.tag(user, f"tag-{number}"))

        add(3)
        self.client.get("/api/v1/contacts", **headers)  # the token's first use is noted once
        with self.assertNumQueries(4) as first:
            self.client.get("/api/v1/contacts", **headers)
        add(6)
        with self.assertNumQueries(len(first.captured_queries)):
            response = self.client.get("/api/v1/contacts", **headers)
        self.assertEqual(len(response.json()["items"]), 9)
