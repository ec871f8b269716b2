"""Forms of the partnerships app, one module per area.

Areas: partnerships, plans, pipeline, monitoring.
"""
