"""Calls and applications pages: the public call list and call page with its Q&A, the
facilitators' call editor (form fields, criteria, cut-offs, publish, close), and the applicants'
workspace (draft, consortium, files, live eligibility checklist, submit, withdraw)."""
