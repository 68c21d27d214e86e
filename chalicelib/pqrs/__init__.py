"""Contáctenos (seed 003 §4.5): PQRS filed by affiliates or through the public contact form, answered by operators
on the legal clock (Ley 1755 de 2015, business days), rated once by their owner."""
