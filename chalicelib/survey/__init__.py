"""Encuesta de satisfacción (seed 002 last section, seed 003 §4.6): offer, answers, and the operators' report."""
