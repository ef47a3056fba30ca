"""Output formats. Each module turns reports into text; none of them grades anything."""

# The names ``--format`` takes (and ``format`` in the configuration), in the order --help shows.
FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")
