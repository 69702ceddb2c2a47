"""Cross-feature read models, composed from each feature's public service: a person's report
(web, PDF, FHIR), the clinician's dashboard, the research cohort, a person's data export and
reminder calendar."""
