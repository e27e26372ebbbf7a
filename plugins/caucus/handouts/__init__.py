"""The ``caucus-handouts`` MkDocs plugin: print pages and PDFs of every lesson in every language."""
