"""Withdrawal over time: check-ins, the expected course after last use, daily trends and the
alert rules that bring a clinician in."""
