"""REST API surface (/api/v1/, DRF + drf-spectacular). Calls domain code only."""
