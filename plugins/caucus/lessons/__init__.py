"""The ``caucus-lessons`` MkDocs plugin: validation, lesson pages, guides, catalog, translation status."""
