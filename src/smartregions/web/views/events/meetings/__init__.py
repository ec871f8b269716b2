"""B2B meetings, participant side: the meetings page, the profile, the directory and
suggestions, requests, availability, a meeting (pick a slot, check in, attendance, the
cooperation question), the personal agenda (page, PDF, iCalendar) and the organisers'
attendance list.

An event without matchmaking, or one the user may not see, answers 404 on every page here.
Anonymous visitors are sent to sign in; signed-in users lacking the permission get 403.
"""
