"""The project's public addresses, each in one place: output formats and templates link here."""

from __future__ import annotations

REPO_URL = "https://github.com/assure-sef/assure"

# Every rule has a section in the generated catalogue; SARIF's helpUri points at it.
RULES_DOCS_URL = f"{REPO_URL}/blob/main/docs/rules.md"

# The committed JSON Schema of the SEF format (schema/sef.schema.json), raw, for editors.
SCHEMA_URL = "https://raw.githubusercontent.com/assure-sef/assure/main/schema/sef.schema.json"


def rule_help_uri(rule_id: str) -> str:
    """Where a rule is documented: the catalogue with the rule's anchor (``#hp003``)."""
    return f"{RULES_DOCS_URL}#{rule_id.lower()}"
