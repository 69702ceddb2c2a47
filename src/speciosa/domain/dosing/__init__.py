"""Dosing: alkaloid milligrams, opioid MME, taper plans, holds and escalation."""
