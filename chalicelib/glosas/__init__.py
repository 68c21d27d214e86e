"""Gestión de glosas (seed 002 §8): consultas, the 50-column export and the provider's responses."""
