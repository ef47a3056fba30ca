"""Rules as data: the rule model, rule packs (one folder per framework edition), their
compiled form, the national figures they compare with, and the catalogue docs."""
