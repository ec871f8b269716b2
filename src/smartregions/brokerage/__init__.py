"""Transnational innovation brokerage (TIBS): brokers, SME cases, referrals, SME groups and
their joint strategies."""
