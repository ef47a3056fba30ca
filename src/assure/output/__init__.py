"""Output formats. Each module turns reports into text; none of them grades anything."""
