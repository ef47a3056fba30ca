"""The SEF file, format 1: the grade scale, the judgement areas, the measures, the pydantic
model, the positioned YAML reader, the loader, the JSON Schema and the ``init`` template."""
