"""Reports for people: the HTML / Markdown report of one SEF, and the diff of two.

- ``direction``: per ``data`` field, whether a higher figure is better (one table);
- ``themes``: findings mapped to the LGA peer challenge's three core themes (one table);
- ``view``: what a report shows, worked out once for every output format;
- ``diff``: progress between two SEFs of the same council;
- ``html`` / ``svg`` / ``markdown``: the renderers; ``commands``: ``assure report`` and ``diff``.
"""
