"""The page benchmark: a large workspace on PostgreSQL, served by gunicorn, driven by locust.

Run it with `python bench/pages.py` (see that module's text and the README).
"""
