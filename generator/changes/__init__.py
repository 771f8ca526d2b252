"""Changes: what differs between two revisions of a charter, by meaning, and drift."""
