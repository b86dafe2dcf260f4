"""Text helpers shared by every stage: tokens, language, safe terminal/Markdown text, HTML to text."""

from comments.lazy import submodules

__getattr__ = submodules(__name__)  # comments.text.MODULE after ``import comments`` (PEP 562)
