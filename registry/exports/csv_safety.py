"""CSV injection: a spreadsheet runs a cell that starts with one of FORMULA_STARTS as a formula.

Imports refuse such cells (`registry.imports`); every CSV the site writes passes its cells
through `neutralise`, which prefixes a single quote, as OWASP recommends, so the cell is text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell as a spreadsheet shows it as text; non-text values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(row: dict) -> dict:
    return {key: neutralise(value) for key, value in row.items()}
