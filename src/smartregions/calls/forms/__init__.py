"""Forms of the calls app, one module per area (calls, applications, evaluation)."""
