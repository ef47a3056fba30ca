"""assure: check a children's-services self-evaluation (SEF) like code."""

__version__ = "0.1.0"
