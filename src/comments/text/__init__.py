"""Text helpers shared by every stage: tokens, language, safe terminal/Markdown text, HTML to text."""
