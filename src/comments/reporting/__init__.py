"""Reporting: tables, charts, prose and HTML written from the analyses."""
