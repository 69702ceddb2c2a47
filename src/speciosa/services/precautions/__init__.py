"""Safe use, precautions (mission 3): medicines and conditions with interaction checks, red flags,
legal status, evidence, and medicines imported from another system."""
