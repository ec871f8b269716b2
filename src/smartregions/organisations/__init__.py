"""Organisations: companies, research organisations, clusters, authorities, brokers."""
