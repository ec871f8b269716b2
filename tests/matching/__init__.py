"""Tests of partner finding."""
