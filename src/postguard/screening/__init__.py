"""Screening: drafts in, verdicts out — the policy's rules over each draft's Analysis."""
