"""Evaluation pages: the expert pool (staff), "My reviews" and the review form (experts), and
the call's evaluation board and each application's evaluation page (staff)."""
