"""Classification and learning: taxonomy, topic and tone tagging, polarity, trained models, evaluation."""
