"""Domain functions of the events app, one module per area (see the package's modules)."""
