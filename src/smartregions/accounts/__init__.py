"""User accounts, roles (memberships) and consent records."""
