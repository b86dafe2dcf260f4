"""Classification and learning: taxonomy, topic and tone tagging, polarity, trained models, evaluation."""

from comments.lazy import submodules

__getattr__ = submodules(__name__)  # comments.classification.MODULE after ``import comments`` (PEP 562)
