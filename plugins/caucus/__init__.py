"""Caucus study circles: lesson model, checker, MkDocs plugins and Markdown blocks."""
