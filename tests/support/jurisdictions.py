"""The jurisdictions issue 12 names, which the legal-status table and the crisis lines must both
cover: the countries, in the issue's order. A US state (US-XX) has its own legal row and uses the
US crisis row."""

from __future__ import annotations

ISSUE_12_COUNTRIES = [
    "US",
    "CA",
    "MX",
    "BR",
    "GB",
    "IE",
    "DE",
    "DK",
    "SE",
    "FI",
    "PL",
    "FR",
    "IT",
    "ES",
    "NL",
    "LT",
    "RO",
    "AU",
    "NZ",
    "TH",
    "MY",
    "ID",
    "SG",
    "JP",
    "KR",
    "VN",
    "MM",
    "PH",
    "IN",
]
