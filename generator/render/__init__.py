"""Render: turn model values into text for people (terminal, pull-request comments, site)."""
