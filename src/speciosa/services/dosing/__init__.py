"""Safe use, dosing (mission 3): the dose journal, MME and alkaloid arithmetic, taper plans with
symptom-guided holds, escalation and the dependence screen."""
