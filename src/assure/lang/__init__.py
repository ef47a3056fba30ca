"""The rule condition language: parser, compiler to durable-rules JSON, the durable-rules
adapter (the only module that imports durable), and the facts a SEF becomes."""
