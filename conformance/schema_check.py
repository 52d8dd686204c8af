"""A small JSON Schema validator for the subset conformance/case.schema.json uses (stdlib only).

Supported: type, enum, required, properties, additionalProperties (bool or schema), items, minItems,
minProperties, maxProperties, minLength, pattern, oneOf, local $ref ("#/$defs/..."). Anything else in a schema
is an error, so the schema cannot silently grow beyond what is checked.
"""

from __future__ import annotations

import re

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs"}
_KEYWORDS = {"type", "enum", "required", "properties", "additionalProperties", "items", "minItems",
             "minProperties", "maxProperties", "minLength", "pattern", "oneOf", "$ref"} | _ANNOTATIONS


def validate(value, schema: dict, root: dict | None = None, path: str = "") -> list[str]:
    """All the ways `value` breaks `schema`, as "path: what" strings (empty when it conforms)."""
    root = root if root is not None else schema
    unknown = set(schema) - _KEYWORDS
    if unknown:
        return [f"{path or '/'}: schema uses unsupported keywords {sorted(unknown)}"]
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return validate(value, target, root, path)
    errors: list[str] = []
    where = path or "/"
    if "type" in schema and not _TYPES[schema["type"]](value):
        return [f"{where}: expected {schema['type']}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if "oneOf" in schema:
        matches = [s for s in schema["oneOf"] if not validate(value, s, root, path)]
        if len(matches) != 1:
            errors.append(f"{where}: matches {len(matches)} of the oneOf alternatives, expected exactly 1")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{where}: shorter than {schema['minLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{where}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for i, item in enumerate(value):
                errors += validate(item, schema["items"], root, f"{path}/{i}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{where}: missing required key {key!r}")
        if len(value) < schema.get("minProperties", 0):
            errors.append(f"{where}: fewer than {schema['minProperties']} keys")
        if len(value) > schema.get("maxProperties", len(value)):
            errors.append(f"{where}: more than {schema['maxProperties']} keys")
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                errors += validate(item, props[key], root, f"{path}/{key}")
            elif extra is False:
                errors.append(f"{where}: unknown key {key!r}")
            elif isinstance(extra, dict):
                errors += validate(item, extra, root, f"{path}/{key}")
    return errors
