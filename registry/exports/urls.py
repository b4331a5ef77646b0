"""The open-data addresses (included at /open-data/, no language prefix: stable, cited by
portals and scripts). See docs/open-data.md."""

from django.urls import path

from registry.exports import catalog, open_data, schemas, spreadsheet

urlpatterns = [
    path("accounts.csv", open_data.accounts_csv, name="open-data-csv"),
    path("accounts.json", open_data.accounts_json, name="open-data-json"),
    path("accounts.xlsx", spreadsheet.accounts_xlsx, name="open-data-xlsx"),
    path("datapackage.json", catalog.datapackage, name="open-data-datapackage"),
    path("catalog.jsonld", catalog.dcat_catalog, name="open-data-dcat"),
    path("accounts.schema.json", schemas.accounts_json_schema, name="open-data-json-schema"),
    path(
        "official-accounts.schema.json",
        schemas.official_accounts_json_schema,
        name="official-accounts-schema",
    ),
]
