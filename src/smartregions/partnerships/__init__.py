"""Interregional partnerships, action plans, the bankable-project pipeline and monitoring."""
