def test_home_empty(client):
    r = client.get("/")
    assert r.status_code == 200
