"""Web views of events, one module per area."""
