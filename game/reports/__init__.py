"""What leaves salessim for managers and learning platforms: xAPI statements (and, to come,
the HTML and CSV reports). Works on session records; never on the engine's live state."""
