"""`charters demo`: the site of an example partners' repository, made on the fly.

story.yaml says what happened to the three example charters over two years; repository.py
makes a git repository of it, with fixed people and dates, so that the same tool makes
the same bytes every time.
"""
