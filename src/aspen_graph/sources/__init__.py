"""Reading the graph's inputs (Turtle files, analyst tables, reference CSVs) into rdflib graphs."""
