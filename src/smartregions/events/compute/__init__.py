"""Pure numerical kernels for events (no Django imports)."""
