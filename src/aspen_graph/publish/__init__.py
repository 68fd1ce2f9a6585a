"""Publishing: release files in dist/, the dataset description, the SSSOM mapping set, the
JSON-LD context, the vocabulary's documentation and version stamps."""

from __future__ import annotations

from aspen_graph.publish.assemble import build_release
from aspen_graph.publish.context import context_document, jsonld_context
from aspen_graph.publish.dataset_description import DISTRIBUTIONS, describe_dataset
from aspen_graph.publish.docs import (
    ONTOLOGY_HTML,
    OntologyDoc,
    TermDoc,
    ontology_doc,
    render_ontology_html,
)
from aspen_graph.publish.release_folder import MEDIA_TYPES, write_release
from aspen_graph.publish.site_layout import (
    PAGE_LANGUAGES,
    RDF_EXTENSIONS,
    page_file,
    stem_of,
    stems,
)
from aspen_graph.publish.sssom import write_sssom
from aspen_graph.publish.to_store import (
    PublishResult,
    publish_directory,
    publish_remote,
    read_manifest,
)
from aspen_graph.publish.version import (
    DEV_VERSION,
    Stamp,
    check_version,
    plan_stamp,
    stamp_ontology,
)
from aspen_graph.publish.w3id import (
    check_base_url,
    host_htaccess,
    w3id_htaccess,
    w3id_readme,
    write_w3id,
)

__all__ = [
    "DEV_VERSION",
    "DISTRIBUTIONS",
    "MEDIA_TYPES",
    "ONTOLOGY_HTML",
    "PAGE_LANGUAGES",
    "RDF_EXTENSIONS",
    "OntologyDoc",
    "PublishResult",
    "Stamp",
    "TermDoc",
    "build_release",
    "check_base_url",
    "check_version",
    "context_document",
    "describe_dataset",
    "host_htaccess",
    "jsonld_context",
    "ontology_doc",
    "page_file",
    "plan_stamp",
    "publish_directory",
    "publish_remote",
    "read_manifest",
    "render_ontology_html",
    "stamp_ontology",
    "stem_of",
    "stems",
    "w3id_htaccess",
    "w3id_readme",
    "write_release",
    "write_sssom",
    "write_w3id",
]
