"""The import of a ministry's inventory: a CSV read and checked row by row as saving would
(`preview`), against the importer's services by the names people see (`service_names`). The
workspace's upload page and `manage.py import_accounts` both use it; the drafts are created by
`registry.services.create_imported`."""

from registry.imports.preview import (
    COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    OPTIONAL_COLUMNS,
    ImportFileError,
    Preview,
    Row,
    check_row,
    decode,
    preview,
    template_csv,
)
from registry.imports.service_names import ServiceNames, folded_name, services_by_name

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "OPTIONAL_COLUMNS",
    "ImportFileError",
    "Preview",
    "Row",
    "ServiceNames",
    "check_row",
    "decode",
    "folded_name",
    "preview",
    "services_by_name",
    "template_csv",
]
