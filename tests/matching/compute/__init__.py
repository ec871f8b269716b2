"""Tests of the pure partner-finding kernels."""
