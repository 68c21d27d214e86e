"""Wiring only: the Chalice app, its blueprints and the settings bound at cold start."""

from chalice import Chalice

from chalicelib.api import accounts, authorizer, my_account, system, users
from chalicelib.common.observability import logger, metrics

app = Chalice(app_name="oficina-virtual")

app.register_blueprint(authorizer.bp)
app.register_blueprint(system.bp)
app.register_blueprint(accounts.bp)
app.register_blueprint(users.bp)
app.register_blueprint(my_account.bp)


@app.middleware("http")
def correlate(event, get_response):
    logger.set_correlation_id(event.context.get("requestId"))
    try:
        return get_response(event)
    finally:
        if metrics.metric_set:
            metrics.flush_metrics()
        logger.set_correlation_id(None)
