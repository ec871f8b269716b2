"""Named, N+1-safe reads of the calls app, one module per area (calls, applications, evaluation)."""
