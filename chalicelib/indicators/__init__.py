"""Indicadores (seed 002 §7): prestación efectiva and oportunidad of the authorisations directed to a provider."""
