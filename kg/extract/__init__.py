"""Extraction: entities (lexicon), relations (trigger rules) and their context."""
