"""Named, N+1-safe reads of the partnerships app, one module per area."""
