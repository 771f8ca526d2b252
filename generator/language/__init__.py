"""The languages the site speaks: messages the model builds (message.py), said in the
settings' language from gettext catalogs (catalog.py, locale/), with the legal words
each catalog must use (glossary.yaml)."""
