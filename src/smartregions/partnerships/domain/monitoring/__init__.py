"""Monitoring of partnerships: six-monthly progress reports and the platform dashboard.

Modules, one concern each:

* :mod:`.periods`: the reporting calendar (January-June and July-December, due a month later).
* :mod:`.indicators`: the report template's indicators, computed live for any number of
  partnerships in a fixed number of queries (and frozen into a report when it is submitted).
* :mod:`.states`: the report states, and which reports the partners may still work on.
* :mod:`.reports`: the report workflow (open, edit, submit, accept or request changes).
* :mod:`.reminders`: reminders before and after the due date (run by a task or cron).
* :mod:`.notifications`: who hears about each step.
* :mod:`.dashboard`: the platform dashboard's figures, trends and map (reads only).
* :mod:`.exports`: CSV and XLSX of reports; :mod:`.pdf`: report, partnership and platform PDFs;
  :mod:`.platform_report`: the platform PDF as downloaded (the public version cached).
* :mod:`.demo`: demo reports for ``smartregions demo``.
"""
