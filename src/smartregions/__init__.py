"""smartregions: open platform for smart specialisation."""
