"""Cross-feature read models, composed from each feature's public service: a person's report
(web, PDF, FHIR), the clinician's dashboard, the research cohort, a person's data export and
reminder calendar.

Composing features — one way:
- A read model is handed the features' *services* (wired in bootstrap; `ReportSources` for the
  report and the clinical record), never another feature's repositories and never a port between
  features (ports are for the world outside the services).
- It checks access once and audits once, opens ONE transaction, and inside it calls each
  feature's query methods named `*_in(uow, ...)` (e.g. `WithdrawalService.scored_in`,
  `profile_in`, `PrecautionsService.medications_in`, `DosingHistory.history_in`): they read
  inside the caller's transaction, check nothing and audit nothing, so one check and one audit
  row cover the whole model and every part of it is read at the same moment.
- On the unit of work it touches only its own repositories (`reports`, `dashboard`,
  `calendar_feeds`: SQL written for the read model) and foundation's shared ones (`users`,
  `persons`, `alerts`, `audit`). A feature query that is missing is added to the feature's
  service, not read around it (tests/unit/test_feature_composition.py checks this).
- A use case that writes across features is a small class in the higher feature that calls the
  lower features' services in order, e.g. `dosing.checkin_recording.RecordCheckIn`: the check-in
  (withdrawal), then the taper hold review (dosing), with its outcome in the audit.

A service too large for one module splits into modules of functions that work inside the
caller's unit of work (`dosing.taper_views`, `dosing.plan_entry`, `reports.sections`) or into a
separate service wired in bootstrap and passed to the one that needs it (`TaperHoldReview` for
`TaperService`, `CheckInCorrector` for `CheckInService`) — not a mixin, and not a helper the
service builds for itself.
"""
