"""An imported row's location note: the file and row it came from, the coordinate conversion,
how it was placed; as English text and as codes (``gisplanner.source_words``) a face words."""

from __future__ import annotations

import json

from gisplanner import source_words
from gisplanner.io.row_words import RowWords
from gisplanner.source_words import ROW_UNITS, SEPARATOR, SOURCE_WORDS, CodedNote, SourceWords


def location_notes(file: str, rows: list[str], conversion: str, placed: list[str] | None
                   ) -> tuple[list[str], list[str | None]]:
    """Each imported row's location note (where it came from, how it was converted and placed)
    and its codes (``gisplanner.source_words``), made by joining strings: 100k rows differ only
    in their number, so the shared parts are worded and encoded once."""
    steps = conversion.parts if isinstance(conversion, CodedNote) else (conversion,) if conversion else ()
    tail = "".join(SEPARATOR + s for s in steps)
    shared = source_words.dumps(CodedNote(steps))  # None for no steps, or one not coded
    tail_code = "" if not steps else None if shared is None else ", " + shared[1:-1]
    name = json.dumps(file, ensure_ascii=False)
    heads = {unit: SOURCE_WORDS[f"imported_{unit}"].removesuffix("{n}").format(file=file) for unit in ROW_UNITS}
    texts: list[str] = []
    codes: list[str | None] = []
    for i, row in enumerate(rows):
        unit = row.code if isinstance(row, RowWords) and row.code in heads else None
        if unit:
            n = row.params.get("n")
            text = f"{heads[unit]}{n}{tail}"
            number = str(n) if type(n) is int else json.dumps(str(n), ensure_ascii=False)
            code = None if tail_code is None else \
                f'[{{"code": "imported_{unit}", "file": {name}, "n": {number}}}{tail_code}]'
        else:
            text, code = f"imported from {file} {row}{tail}", None
        where = placed[i] if placed else ""
        if where:
            text += SEPARATOR + where
            code = f"{code[:-1]}, {source_words.dumps(where)[1:]}" if code and isinstance(where, SourceWords) else None
        texts.append(text)
        codes.append(code)
    return texts, codes
