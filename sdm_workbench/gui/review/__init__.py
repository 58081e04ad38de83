"""Review mode: the review pack PDF (and, later, presenter mode)."""
