"""Autorizaciones médicas of the affiliates (issue 24, seed 003 §4.2)."""
