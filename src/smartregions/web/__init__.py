"""Server-rendered web surface (templates + htmx). Calls domain code only."""
