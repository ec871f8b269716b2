"""Brokerage (TIBS) pages: broker registration, needs assessments, cases, referrals, SME groups
with partner matching and the joint strategy editor, and the broker dashboard."""
