"""Partnership pages: the list and "my partnerships", the public partnership page, creating and
editing partnerships, members, contacts and join requests, methodology stages, the expert team,
and action plans (of partnerships and of industrial-transition regions)."""
