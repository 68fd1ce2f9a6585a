"""Row converters (one row → its triples), a module per family of table kinds."""
