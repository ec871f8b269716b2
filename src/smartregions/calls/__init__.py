"""Calls for expression of interest and proposals, joint applications and their evaluation."""
