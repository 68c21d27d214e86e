"""Certificados en línea (issue 25, seed 003 §4.3) and the public verification of every PDF the EPS issues."""
