"""Named, N+1-safe reads of the events app, one module per area."""
