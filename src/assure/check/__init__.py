"""Checking a SEF: the engine run, grading, findings, ``--select``/``--ignore`` and the runner
of each rule's own examples."""
