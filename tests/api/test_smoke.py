from tests.api.client import call


def test_health(client):
    assert call(client, "GET", "/health") == (200, {"estado": "ok"})
