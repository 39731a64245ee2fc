"""Cells as spreadsheets write them: decimal commas in money, local times; nothing guessed."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from app.engine import FieldProblem, localize
from app.imports.options import ImportOptions

Prepare = Callable[[dict[str, Any], str], list[FieldProblem]]
_COMMA_DECIMAL = re.compile(r"[0-9]+,[0-9]+")
_THOUSANDS = re.compile(r"[0-9]{1,3}([ \u00a0\u202f.',][0-9]{3})+([.,][0-9]+)?")


def money_cell(text: str, comma: bool) -> str:
    """Return a money cell with a decimal point; refuse thousands separators, which are not read.

    Raise ValueError saying how to write the amount.
    """
    value = text.strip()
    if comma and _COMMA_DECIMAL.fullmatch(value):
        return value.replace(",", ".")
    if _THOUSANDS.fullmatch(value) and not (
        _COMMA_DECIMAL.fullmatch(value) or re.fullmatch(r"[0-9]+\.[0-9]+", value)
    ):
        plain = re.sub(r"[ \u00a0\u202f.',](?=[0-9]{3}\b)", "", value)
        raise ValueError(f"{value!r}: thousands separators are not read; write {plain}")
    if not comma and _COMMA_DECIMAL.fullmatch(value):
        raise ValueError(
            f"{value!r}: a decimal comma is read when ';' delimits the CSV or decimal=comma "
            "is declared; else write a point"
        )
    return value


def _money_places(fields: dict[str, Any]) -> list[tuple[dict[str, Any], str, str]]:
    places = [(fields, "hourly_rate", "hourly_rate")]
    materials = fields.get("materials")
    if isinstance(materials, list):
        places += [
            (material, "amount", f"materials.{i}.amount")
            for i, material in enumerate(materials)
            if isinstance(material, dict)
        ]
    return places


def prepare_cells(options: ImportOptions, policy_zones: Mapping[str, str]) -> Prepare:
    """Return what turns one row's fields into a request's: money with a decimal point, local
    times with offsets, the batch's policy where the row names none; it returns the problems."""

    def prepare(fields: dict[str, Any], delimiter: str) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        comma = options.decimal == "comma" or (options.decimal is None and delimiter == ";")
        for node, name, path in _money_places(fields):
            if isinstance(node.get(name), str):
                try:
                    node[name] = money_cell(node[name], comma)
                except ValueError as error:
                    problems.append(FieldProblem(path, str(error)))
        if options.policy is not None:
            fields.setdefault("policy", options.policy)
        return problems + localize(fields, options.time_zone, policy_zones)

    return prepare
