"""Hand-written reference lists that no official machine-readable file gives.

Country groups (``countries``), the short standard classifications FORD, NABS and the Cohesion
Policy objectives (``ford``, ``nabs``, ``policy_objectives``) and the S3 thematic platforms and
areas (``thematic``). They are reviewed constants, loaded by the domain importers.
"""
