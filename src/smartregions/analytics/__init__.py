"""Evidence engine for smart specialisation (S3).

``analytics.compute`` holds the pure numpy/scipy kernels (revealed comparative advantage,
proximity, relatedness density, economic complexity, diversification, similarity,
complementarity, opportunities): arrays in, arrays out, no Django, no pandas, no I/O.
Loading, aggregation and storing results belong in ``analytics.domain``.
"""
