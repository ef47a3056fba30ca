"""Reports for people: the HTML / Markdown report of one SEF, and the diff of two.

- ``view``: what a report shows, worked out once for every output format;
- ``diff``: progress between two SEFs of the same council;
- ``html_report`` / ``md_report`` / ``svg``: the renderers.
"""
