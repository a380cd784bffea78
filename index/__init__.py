"""Search over normalized postings: one interface, an embedded tantivy default and Elasticsearch."""
