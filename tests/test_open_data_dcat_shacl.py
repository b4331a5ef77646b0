"""The DCAT-AP catalogue passes the official DCAT-AP 3.0.1 SHACL shapes (issue 33.6: it failed
the range shapes 21 times: licence, media types, languages as bare addresses), checked with
pyshacl against the shapes vendored in tests/data/dcat-ap-3.0.1/."""

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph

from registry.models import Status

SHAPES = Path(__file__).resolve().parent / "data" / "dcat-ap-3.0.1"


@pytest.fixture
def catalogue(client, make_entry) -> Graph:
    make_entry(Status.VERIFIED)
    make_entry(Status.CLOSED)
    response = client.get("/open-data/catalog.jsonld")
    return Graph().parse(data=response.content.decode(), format="json-ld")


@pytest.mark.parametrize("shapes", ["range.ttl", "shapes.ttl"])
def test_the_catalogue_conforms_to_the_dcat_ap_shapes(catalogue, shapes):
    conforms, _graph, report = validate(
        catalogue, shacl_graph=Graph().parse(SHAPES / shapes), inference="none"
    )
    assert conforms, report


def test_the_shapes_catch_a_bare_licence_address(catalogue):
    """The check can fail: the licence without its class breaks the range shapes again."""
    from rdflib import RDF, URIRef

    licence_class = URIRef("http://purl.org/dc/terms/LicenseDocument")
    catalogue.remove((None, RDF.type, licence_class))
    conforms, _graph, _report = validate(
        catalogue, shacl_graph=Graph().parse(SHAPES / "range.ttl"), inference="none"
    )
    assert not conforms
