"""Monitoring pages: a partnership's progress reports, one report (draft, submit, review), the
list of reports, the platform dashboard, and their PDF, CSV and XLSX downloads."""
