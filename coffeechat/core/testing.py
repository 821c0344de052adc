"""The base test case: named people, an owner and an outsider who never sees the owner's data."""

import contextlib
from collections.abc import Iterator
from unittest import mock

from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models.sql.compiler import SQLCompiler
from django.test import TestCase, TransactionTestCase

from coffeechat.accounts.models import Profile


def make_user(username: str, *, time_zone: str = "UTC", onboarded: bool = True) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", "password-for-tests")
    Profile.objects.create(
        user=user,
        full_name=username.capitalize(),
        introduction=f"I'm {username.capitalize()}, a student exploring user research.",
        time_zone=time_zone,
        onboarded=onboarded,
    )
    return user


class BaseTestCase(TestCase):
    """`alice` owns things; `bob` is the outsider who must get 404 for all of them."""

    def setUp(self) -> None:
        super().setUp()
        self.alice = make_user("alice")
        self.bob = make_user("bob")

    def login(self, user: User) -> None:
        self.client.force_login(user)


def sign_in(page, username: str) -> None:
    """Sign in through the real form in a browser test (Playwright's page, on the live server)."""
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("password-for-tests")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(page.base_url + "/")


def analysed(model) -> bool:
    """Whether PostgreSQL's planner counts as many rows in the model's table as it holds:
    `pg_class.reltuples` is what ANALYZE sets (and reads every row of a table this small) and a
    bulk insert alone leaves as it was. It survives a rollback, so it is compared with the
    count, not with a value from before the test (core.planner)."""
    with connection.cursor() as cursor:
        table = model._meta.db_table
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0] == model._default_manager.count()


@contextlib.contextmanager
def built_by_the_orm() -> Iterator[list[str]]:
    """The tables of the queries the ORM builds (compiles to SQL) within the block, one per
    query: a page whose reads are compiled once (core.compiled) builds none of its own."""
    built: list[str] = []
    real = SQLCompiler.as_sql

    def noting(compiler, *args, **kwargs):
        sql, params = real(compiler, *args, **kwargs)
        built.append(compiler.query.model._meta.db_table)
        return sql, params

    with mock.patch.object(SQLCompiler, "as_sql", noting):
        yield built


class MigrationTestCase(TransactionTestCase):
    """A test of a data migration: `migrate` to a state, fill rows through that state's models,
    `migrate` on; the database goes back to the latest migrations afterwards."""

    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self) -> None:
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        super().tearDown()
