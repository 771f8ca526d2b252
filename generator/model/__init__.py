"""Model: what the site and the reports show, assembled from loaded charters and history.

No I/O here: everything arrives as values from the stages before.
"""
