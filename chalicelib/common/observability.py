"""Powertools Logger, Tracer and Metrics, created once for the whole app.

Log records carry ids and codes, never names, emails, documents or passwords.
"""

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger(service="oficina-virtual")
tracer = Tracer(service="oficina-virtual")
metrics = Metrics(namespace="OficinaVirtual", service="oficina-virtual")
