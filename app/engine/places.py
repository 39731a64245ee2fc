"""Match a municipality, by name or official code, to the zones of a policy."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app.engine.policy import Zone

# Words people write around a municipality's name: "Norrtälje kommun", "Ålesund kommune",
# "Solna municipality", "Vaxholms stad", "Municipality of Solna". They are dropped whole, never
# guessed: what is left must still be a name the policy knows.
_SUFFIXES = ("kommun", "kommune", "municipality", "stad")
_PREFIXES = ("municipality of",)

# Letters that Unicode does not decompose into a base letter and a mark.
_FOLDED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"})


def normalize_name(text: str) -> str:
    """Fold case, diacritics, spaces and hyphens: `Upplands-Väsby` and `upplands vasby` agree."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDED))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Place:
    """Where a location was matched: the municipality (if known) and the zones it lies in."""

    given: str
    code: str | None
    name: str | None
    zones: frozenset[str]
    suggestion: str | None = None


class Places:
    """The municipalities a policy names, indexed by code and by folded name."""

    def __init__(self, zones: tuple[Zone, ...]) -> None:
        self._zones_of: dict[str, set[str]] = {}
        self._names: dict[str, str] = {}
        self._code_of: dict[str, str] = {}
        for zone in zones:
            for municipality in zone.municipalities:
                self._zones_of.setdefault(municipality.code, set()).add(zone.id)
                self._names[municipality.code] = municipality.name
                for name in (municipality.name, *municipality.aliases):
                    self._code_of[normalize_name(name)] = municipality.code
        self.locate = lru_cache(maxsize=4096)(self._locate)

    def _locate(self, given: str) -> Place:
        """Return the place a name or code denotes; one the policy does not know is in no zone."""
        text = given.strip()
        code = text if text in self._zones_of else self._code_of.get(normalize_name(text))
        if code is None:
            code = next(filter(None, map(self._code_of.get, _bare_names(text))), None)
        if code is None:
            return Place(given, None, None, frozenset(), self._closest(text))
        return Place(given, code, self._names[code], frozenset(self._zones_of[code]))

    def _closest(self, text: str) -> str | None:
        folded = normalize_name(text)
        if not folded or text.isdigit():
            return None
        match = difflib.get_close_matches(folded, self._code_of, n=1, cutoff=0.8)
        return self._names[self._code_of[match[0]]] if match else None


def _bare_names(text: str) -> list[str]:
    """Return the folded name left once a municipality word is dropped ("Solna kommun" -> solna).

    A Swedish genitive before the word is tried both ways: "Stockholms stad" -> stockholm(s).
    """
    words = text.casefold().split()
    for prefix in _PREFIXES:
        if " ".join(words[:2]) == prefix and len(words) > 2:
            return [normalize_name(" ".join(words[2:]))]
    if len(words) > 1 and words[-1].strip(",.") in _SUFFIXES:
        name = normalize_name(" ".join(words[:-1]))
        return [name, name[:-1]] if name.endswith("s") else [name]
    return []
