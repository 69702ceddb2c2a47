"""Withdrawal relief (mission 1): check-ins with the validated instruments, the withdrawal profile
and expected course, trends, missed check-ins and the alert rules."""
