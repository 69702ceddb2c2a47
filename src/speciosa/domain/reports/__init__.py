"""Cross-feature read models: a person's period (web page, PDF, FHIR), the timeline, the
clinician's dashboard, the research cohort, a person's own data export and reminder calendar."""
