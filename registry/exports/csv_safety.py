"""CSV injection: a spreadsheet runs a cell that starts with one of FORMULA_STARTS as a formula.

Where each file stands (docs/open-data.md):

- imports refuse such cells (`registry.imports`): what a ministry uploads never becomes a
  formula in someone else's spreadsheet;
- the spreadsheet download (`accounts.xlsx`, registry.exports.spreadsheet) is the file people
  open: every cell is written as a string, so none is ever run, and the values stay as they are;
- the CSV (`accounts.csv`) is for programs and carries the data as it is: a quote before
  `@gouvinfotv` (every YouTube handle) or `-` would be what every program reads, a changed value.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
