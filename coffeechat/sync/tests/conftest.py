import pytest

from coffeechat.sync.tests import radicale_server


@pytest.fixture(scope="session")
def radicale(tmp_path_factory):
    yield from radicale_server.start(tmp_path_factory.mktemp("radicale"))


@pytest.fixture(scope="class")
def radicale_for_class(request, radicale):
    """Give a TestCase class the server as `self.radicale`."""
    request.cls.radicale = radicale
