"""Councils as the DfE names them, and finding one from what a user types.

A user types ``--la 202``, ``--la camden``, ``--la "Brighton & Hove"`` or ``--la "St Helens"``
(the DfE writes ``St. Helens`` in one file and ``St Helens`` in another): names are compared
ignoring case, spaces and punctuation, with ``&`` read as ``and``. A typo gets an error naming
the nearest councils rather than a bare "not found".
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Rates from these councils come from very small numbers of children and staff (City of London
# and the Isles of Scilly): a rule should say so rather than treat them as ordinary.
SMALL = frozenset({"201", "420"})
_SUFFIXES = (
    "metropolitanboroughcouncil",
    "boroughcouncil",
    "countycouncil",
    "citycouncil",
    "council",
)
_PREFIXES = ("londonboroughof", "royalboroughof", "cityof", "countyof", "the")


class Council(NamedTuple):
    """A council (or a joint workforce code such as ``314 / 318``) in the DfE figures."""

    code: str
    name: str
    region: str
    small: bool
    joint: str | None = None  # the joint code its workforce figures are published under
    members: tuple[str, ...] = ()  # for a joint code: the councils it serves


class UnknownCouncil(LookupError):
    """No council (or more than one) matches what the user gave; ``near`` lists candidates."""

    def __init__(self, text: str, message: str, near: list[Council]) -> None:
        self.text = text
        self.near = near
        super().__init__(message)


def normalise(text: str) -> str:
    """Lower case, ``&`` as ``and``, letters and digits only: ``St. Helens`` = ``st helens``."""
    return re.sub(r"[^a-z0-9]+", "", text.lower().replace("&", " and "))


def _stripped(key: str) -> str:
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def name_keys(name: str) -> set[str]:
    """Forms of a DfE name a user may type: ``Bristol, City of`` is also ``City of Bristol``."""
    keys = {normalise(name)}
    head, comma, tail = name.rpartition(",")
    if comma and tail.strip().lower().endswith(" of"):
        keys.add(normalise(f"{tail} {head}"))
        keys.add(normalise(head))
    return keys


def _label(council: Council) -> str:
    return f"{council.name} ({council.code})"


class CouncilIndex:
    """Look-ups by code and by name over every council in the data."""

    def __init__(self, councils: dict[str, Council], current: set[str]) -> None:
        self.by_code = councils
        self.current = current  # councils in the 2025 neighbour model (not since reorganised)
        self._by_key: dict[str, list[Council]] = {}
        self._by_stripped: dict[str, list[Council]] = {}
        for council in councils.values():
            for key in name_keys(council.name):
                self._by_key.setdefault(key, []).append(council)
                self._by_stripped.setdefault(_stripped(key), []).append(council)

    def find(self, text: str) -> Council:
        """The council named or coded by ``text``; ``UnknownCouncil`` says what is near."""
        given = text.strip()
        code = given.lstrip("0").zfill(3) if given.isdigit() else given
        if code in self.by_code:
            return self.by_code[code]
        if given.isdigit():
            raise UnknownCouncil(
                text,
                f"no council with DfE code {given} in the DfE figures; give the 3-digit old LA "
                "code (e.g. 202) or the council's name (e.g. Camden)",
                [],
            )
        key = normalise(given)
        found = self._by_key.get(key) or self._by_stripped.get(_stripped(key), [])
        if len(found) > 1:
            # Dorset 835 (before 2019) and Dorset 838 share a name: the council that still
            # exists is the one meant; a true tie is the user's to settle with the code.
            found = [c for c in found if c.code in self.current] or found
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(_label(c) for c in found)
            raise UnknownCouncil(
                text, f'"{given}" names more than one council: {listed}; give the DfE code', found
            )
        near = self.near(key)
        if near:
            listed = ", ".join(_label(c) for c in near)
            message = f'no council called "{given}" in the DfE figures; did you mean {listed}?'
        else:
            message = (
                f'no council called "{given}" in the DfE figures; give the DfE 3-digit old LA '
                "code (e.g. 202) or the council's name as the DfE writes it (e.g. Camden)"
            )
        raise UnknownCouncil(text, message, near)

    def near(self, key: str, limit: int = 5) -> list[Council]:
        """Councils whose names contain, or are close in spelling to, the normalised ``key``."""
        import difflib  # only on the error path

        names = {normalise(c.name): c for c in self.by_code.values()}
        hits: list[str] = []
        if len(key) >= 3:
            hits = sorted(n for n in names if key in n or (len(n) >= 3 and n in key))
        if not hits:  # a fragment of a name: those names; otherwise: spelling
            hits = difflib.get_close_matches(key, list(names), n=limit, cutoff=0.6)
        return [names[n] for n in hits[:limit]]
