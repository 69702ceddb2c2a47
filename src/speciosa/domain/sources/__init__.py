"""Lab certificates (COAs): the certificate model, analyte names and units, and the rules that
judge a certificate against a standards profile (heavy metals, microbial, alkaloids).

Everything here is pure: readers in `speciosa.adapters.coa` turn files into a `Certificate`,
`verdict.judge_certificate` turns a certificate plus a profile into a `Verdict` whose findings
name the analyte, the normalised value, the limit, the rule and its source.
"""
