import time
from tests.api.identity import rbac_helpers as h
from tests.actors import api_client

async def test_proto(container, admin):
    t=time.perf_counter()
    a = await h.new_tenant(container, "A")
    t1=time.perf_counter()
    u = await h.internal_user(container, a, "auditor")
    t2=time.perf_counter()
    ext = await h.external_user(container, a, __import__('uuid').uuid4(), "partner_user", over_http=True)
    t3=time.perf_counter()
    print("tenant", t1-t, "user", t2-t1, "ext", t3-t2)
    async with api_client(container, u) as c:
        r = await c.get("/api/v1/me"); print(r.json())
        r = await c.post("/api/v1/branches", json={"code":"X1","name":"n","state_code":"24"}); print(r.status_code, r.json())
    async with api_client(container, ext) as c:
        r = await c.get("/api/v1/me"); print(r.json())
