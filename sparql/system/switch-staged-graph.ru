#+ summary: Switch a graph loaded into a staging graph into place, in one request (one transaction
#+   where the store makes a request one: Virtuoso, measured): drop the graph, copy the staging
#+   graph into it, drop the staging graph. Used by `aspen publish` for graphs too large for one
#+   Virtuoso request (aspen_graph.publish.to_store.replace_graph).
#+ parameters: the two placeholder IRIs are replaced by the caller:
#+   <urn:aspen:param:target> the graph to replace; <urn:aspen:param:staging> its staging graph.
#+ tags: system
DROP SILENT GRAPH <urn:aspen:param:target> ;
INSERT { GRAPH <urn:aspen:param:target> { ?s ?p ?o } }
WHERE { GRAPH <urn:aspen:param:staging> { ?s ?p ?o } } ;
DROP SILENT GRAPH <urn:aspen:param:staging>
