"""Review mode: the Reviews screen, presenter mode with live capture, and the review pack PDF."""
