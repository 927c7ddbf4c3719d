"""The catalogue of published events: JSON Schemas and an AsyncAPI 3 document, generated from code."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path
from typing import Any

import yaml

from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent, registered_events

CONTRACTS_PACKAGE = "backend.contracts"


def load_contracts() -> dict[str, type[IntegrationEvent]]:
    """Import every ``backend.contracts.<context>.events`` module and return the registry."""
    package = importlib.import_module(CONTRACTS_PACKAGE)
    for module in pkgutil.walk_packages(package.__path__, f"{CONTRACTS_PACKAGE}."):
        if module.name.endswith(".events"):
            importlib.import_module(module.name)
    return dict(sorted(registered_events().items()))


def event_schemas() -> dict[str, dict[str, Any]]:
    return {name: cls.model_json_schema(mode="serialization") for name, cls in load_contracts().items()}


def _message(name: str, cls: type[IntegrationEvent], schema: dict[str, Any]) -> dict[str, Any]:
    envelope = Envelope.model_json_schema(mode="serialization")
    envelope["properties"]["payload"] = {"$ref": f"#/components/schemas/{_key(name)}"}
    envelope["properties"]["wire_name"] = {"const": name, "type": "string"}
    return {
        "name": name,
        "title": cls.__name__,
        "summary": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else name,
        "contentType": "application/json",
        "headers": {
            "type": "object",
            "properties": {"Nats-Msg-Id": {"type": "string", "description": "the event id (de-duplication)"}},
        },
        "payload": envelope,
    }


def _key(wire_name: str) -> str:
    return wire_name.replace(".", "_")


def asyncapi_document() -> dict[str, Any]:
    contracts = load_contracts()
    schemas = {
        name: cls.model_json_schema(mode="serialization", ref_template="#/components/schemas/{model}")
        for name, cls in contracts.items()
    }
    components: dict[str, Any] = {"schemas": {}, "messages": {}}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for name, cls in contracts.items():
        schema = dict(schemas[name])
        for def_name, definition in schema.pop("$defs", {}).items():
            components["schemas"][def_name] = definition
        components["schemas"][_key(name)] = schema
        components["messages"][_key(name)] = _message(name, cls, schema)
        channels[_key(name)] = {
            "address": name,
            "messages": {_key(name): {"$ref": f"#/components/messages/{_key(name)}"}},
        }
        operations[f"publish_{_key(name)}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{_key(name)}"},
            "summary": f"The {name.split('.', 1)[0]} context publishes {name} through its outbox",
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Mandi integration events",
            "version": "1.0.0",
            "description": "Events the bounded contexts publish. Subjects are the wire names; one JetStream "
            "stream per context (MANDI_<CONTEXT>); delivery is at least once, consumers keep an inbox.",
        },
        "defaultContentType": "application/json",
        "servers": {"nats": {"host": "localhost:4222", "protocol": "nats", "description": "NATS with JetStream"}},
        "channels": channels,
        "operations": operations,
        "components": components,
    }


def render_catalog() -> dict[str, str]:
    """Relative path -> file content of everything ``mandi events schema`` writes."""
    files = {
        f"schemas/{name}.json": json.dumps(schema, indent=2, sort_keys=True) + "\n"
        for name, schema in event_schemas().items()
    }
    files["asyncapi.yaml"] = yaml.safe_dump(asyncapi_document(), sort_keys=True, allow_unicode=True, width=100)
    return files


def write_catalog(directory: Path) -> list[Path]:
    written = []
    for relative, content in render_catalog().items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
        written.append(path)
    return written
