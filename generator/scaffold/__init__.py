"""Scaffolding: what the tool writes into a partners' repository for them to keep.

charter.py starts a charter (`charters new`); init.py the repository's settings, CI,
templates and editor settings (`charters init`), from the files in files/; tool.py says
which tool, at which version and from where, those files install.
"""
