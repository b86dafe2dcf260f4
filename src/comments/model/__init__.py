"""The record model and the reply tree: the bottom room every other stage builds on."""

from comments.model.records import (
    CLASSIFICATION_FIELDS,
    COMMENT_FIELDS,
    THREAD_FIELDS,
    Comment,
    ParsedThread,
    Thread,
)

__all__ = ["CLASSIFICATION_FIELDS", "COMMENT_FIELDS", "THREAD_FIELDS", "Comment", "ParsedThread", "Thread"]
