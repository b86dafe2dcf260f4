"""comments — a reader-comment discourse analyzer.

Data flows one way: read (``readers``) → rebuild and repair the reply tree
(``tree``) → classify → analyse → report.  This package's public Python API is
the plain dataclasses in :mod:`comments.model.records` and the pure functions over them.
"""

__version__ = "0.1.0"
