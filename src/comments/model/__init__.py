"""The record model and the reply tree: the bottom room every other stage builds on."""

from comments.lazy import submodules
from comments.model.records import (
    CLASSIFICATION_FIELDS,
    COMMENT_FIELDS,
    THREAD_FIELDS,
    Comment,
    ParsedThread,
    Thread,
)

__all__ = ["CLASSIFICATION_FIELDS", "COMMENT_FIELDS", "THREAD_FIELDS", "Comment", "ParsedThread", "Thread"]

__getattr__ = submodules(__name__)  # comments.model.MODULE after ``import comments`` (PEP 562)
