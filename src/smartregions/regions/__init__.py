"""NUTS regions, countries, taxonomies, thematic areas, S3 strategies and priorities."""
