"""Input and output: sources, streams, readers, repair into threads, writers, atomic outputs."""

from comments.lazy import submodules

__getattr__ = submodules(__name__)  # comments.io.MODULE after ``import comments`` (PEP 562)
