"""Record: add to a charter's record (a review, an action, a concern) or grow an entry in
it (close, resolve, acknowledge, escalate), keeping the file's comments, order and layout.

The loader that reads charters stays the only reader: this package edits the text with a
round-trip YAML library, and what it writes is checked by the loader and validator before
it replaces the file."""
