"""FHIR R4 (4.0.1) output: the report model as a Bundle."""
