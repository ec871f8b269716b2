"""Investment pipeline pages: the board with filters and totals, the per-partnership, platform and
region pipelines, project pages (propose, edit, move, funding mix) and CSV/XLSX downloads."""
