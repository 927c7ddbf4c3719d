"""deploy/observability uses only metrics the code emits, and its files are well formed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import yaml
from prometheus_client.parser import text_string_to_metric_families

from backend.app.bootstrap import Container
from backend.app.main import create_app
from backend.contracts.commodities.events import CommodityCreatedV1
from backend.core.messaging.events import IntegrationEvent
from backend.core.observability import metrics
from tests.actors import PASSWORD, Actor
from tests.api.helpers import cotton

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "observability"
# metric names: ours and the process collector's; recording-rule names (with ':') never match
METRIC = re.compile(r"\b(?:mandi|process|python)_[a-z0-9_]+\b")
SEVERITIES = {"page", "ticket"}


def rules() -> list[dict[str, Any]]:
    document = yaml.safe_load((DEPLOY / "alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DEPLOY / "grafana" / "mandi.json").read_text())
    return loaded


def _panels(panels: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for panel in panels:
        yield panel
        yield from _panels(panel.get("panels", []))


def dashboard_queries() -> list[str]:
    board = dashboard()
    queries = [target["expr"] for panel in _panels(board["panels"]) for target in panel.get("targets", [])]
    for variable in board["templating"]["list"]:
        query = variable.get("query")
        queries.append(query["query"] if isinstance(query, dict) else str(query or ""))
    return queries


def names_in(expressions: list[str]) -> set[str]:
    return {name for expression in expressions for name in METRIC.findall(expression)}


def test_the_rules_are_alerts_with_severity_and_summary() -> None:
    found = rules()
    assert len(found) >= 8
    for rule in found:
        assert rule["alert"].startswith("Mandi"), rule
        assert rule["labels"]["severity"] in SEVERITIES, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
    slos = {rule["labels"].get("slo") for rule in found}
    assert {"availability", "latency", "delivery"} <= slos
    assert {"auth", "reference-data", "writes"} <= {rule["labels"].get("route_group") for rule in found}


def test_the_scrape_config_covers_api_and_workers_and_loads_the_rules() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert set(jobs) == {"mandi-api", "mandi-worker"}
    assert all(job["metrics_path"] == "/metrics" for job in jobs.values())
    assert config["rule_files"] == ["alerts.yml"]


def test_the_dashboard_queries_prometheus_through_its_variable() -> None:
    board = dashboard()
    panels = [panel for panel in _panels(board["panels"]) if panel["type"] != "row"]
    assert len(panels) >= 15
    for panel in panels:
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        assert panel["targets"], panel["title"]
    assert len({panel["id"] for panel in _panels(board["panels"])}) == len(list(_panels(board["panels"])))


def test_promtool_accepts_the_rules_and_the_config_where_it_is_installed() -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        return  # the YAML checks above still ran; promtool adds the PromQL syntax check
    for command in (["check", "rules", "alerts.yml"], ["check", "config", "prometheus.yml"]):
        result = subprocess.run([promtool, *command], cwd=DEPLOY, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


async def _answer_one_server_error(container: Container) -> None:
    app = create_app(container.settings, container)

    async def broken() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/broken", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://mandi.test") as client:
        assert (await client.get("/broken")).status_code == 500


async def test_every_metric_in_rules_and_dashboard_is_in_the_metrics_output(
    container: Container, client: httpx.AsyncClient, anonymous: httpx.AsyncClient, admin: Actor
) -> None:
    used = names_in([rule["expr"] for rule in rules()]) | names_in(dashboard_queries())
    assert {"mandi_http_requests_total", "mandi_outbox_oldest_pending_age_seconds"} <= used

    # traffic, so that labelled series exist: requests, an event handled and one failing, a sign-in
    async def fine(event: IntegrationEvent) -> None:
        pass

    async def broken(event: IntegrationEvent) -> None:
        raise RuntimeError("consumer down")

    container.bus.subscribe(CommodityCreatedV1.wire_name, "tests.deploy_fine", fine)
    container.bus.subscribe(CommodityCreatedV1.wire_name, "tests.deploy_broken", broken)
    assert (await client.post("/api/v1/commodities", json=cotton())).status_code == 201
    assert (await client.get("/api/v1/commodities")).status_code == 200
    await anonymous.post("/api/v1/auth/login", json={"username": admin.username, "password": PASSWORD})
    await container.relay.deliver_pending()
    await _answer_one_server_error(container)
    metrics.cache_hit("tests.deploy")  # the caching policies count through these
    metrics.cache_miss("tests.deploy")
    metrics.cache_error("tests.deploy")

    response = await anonymous.get("/metrics")
    assert response.status_code == 200
    exposed = {sample.name for family in text_string_to_metric_families(response.text) for sample in family.samples}
    missing = sorted(used - exposed)
    assert not missing, f"deploy/observability uses metrics /metrics does not have: {missing}"
