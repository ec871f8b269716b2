"""Partner finding and innovation brokerage: regions, organisations, SME groups.

The pure kernels (text similarity, transparent scores, consortium building) live in
:mod:`smartregions.matching.compute`; loading candidates and storing results belong to the
domain layer.
"""
