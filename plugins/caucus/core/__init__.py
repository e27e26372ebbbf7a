"""The pure core: it knows lessons, blocks, agendas and translations, and nothing of MkDocs."""
