"""Wiring only: the Chalice app, its blueprints and the settings bound at cold start."""

from chalice import Chalice, Rate

from chalicelib.api import (
    access_log,
    accounts,
    affiliate_accounts,
    affiliate_finance,
    affiliate_operations,
    affiliates,
    authorizations,
    authorizer,
    cartera,
    certificates,
    glosas,
    http,
    indicators,
    my_account,
    online_payments,
    operations,
    payments,
    pqrs,
    presolicitudes,
    survey,
    system,
    users,
)
from chalicelib.common.entrypoint import entrypoint, observed
from chalicelib.common.files import XLSX_CONTENT_TYPE
from chalicelib.entrypoints import accounts as account_handlers
from chalicelib.entrypoints import glosas as glosa_handlers
from chalicelib.entrypoints import ingest, uploads
from chalicelib.entrypoints import notifications as notification_handlers
from chalicelib.entrypoints import online_payments as payment_handlers
from chalicelib.jobs.channels import CARTERA, GLOSA_RESPONSES

app = Chalice(app_name="oficina-virtual")
app.api.binary_types.append(XLSX_CONTENT_TYPE)
app.api.binary_types.append("application/pdf")  # the affiliates' copies and certificates
app.api.binary_types.append("application/pdf")

app.register_blueprint(authorizer.bp)
app.register_blueprint(system.bp)
app.register_blueprint(accounts.bp)
app.register_blueprint(affiliate_accounts.bp)
app.register_blueprint(users.bp)
app.register_blueprint(my_account.bp)
app.register_blueprint(operations.bp)
app.register_blueprint(payments.bp)
app.register_blueprint(access_log.bp)
app.register_blueprint(indicators.bp)
app.register_blueprint(glosas.bp)
app.register_blueprint(survey.bp)
app.register_blueprint(cartera.bp)
app.register_blueprint(affiliate_operations.bp)
app.register_blueprint(affiliates.bp)
app.register_blueprint(authorizations.bp)
app.register_blueprint(presolicitudes.bp)
app.register_blueprint(online_payments.bp)
app.register_blueprint(pqrs.bp)
app.register_blueprint(certificates.bp)
app.register_blueprint(affiliate_finance.bp)

app.register_middleware(http.security_headers, "http")  # the outermost: also on the answers rewritten below
app.register_middleware(http.spanish_errors, "http")


@app.middleware("http")
def correlate(event, get_response):
    with observed(event.context.get("requestId")):
        return get_response(event)


# --- EPS data ingestion (S3 → Step Functions); the S3 notification is wired in infra/resources.yml ---
@app.lambda_function(name="ingest_trigger")
@entrypoint
def ingest_trigger(event, context):
    return ingest.on_s3_event(event)


@app.lambda_function(name="ingest_validate")
@entrypoint
def ingest_validate(event, context):
    return ingest.validate(event)


@app.lambda_function(name="ingest_acquire")
@entrypoint
def ingest_acquire(event, context):
    return ingest.acquire_slot(event)


@app.lambda_function(name="ingest_write")
@entrypoint
def ingest_write(event, context):
    return ingest.write(event)


@app.lambda_function(name="ingest_derive")
@entrypoint
def ingest_derive(event, context):
    return ingest.derive(event)


@app.lambda_function(name="ingest_finish")
@entrypoint
def ingest_finish(event, context):
    return ingest.finish(event)


@app.lambda_function(name="ingest_fail")
@entrypoint
def ingest_fail(event, context):
    return ingest.fail(event)


@app.lambda_function(name="ingest_stopped")
@entrypoint
def ingest_stopped(event, context):
    return ingest.execution_stopped(event)


# --- provider uploads (S3 cargas/<canal>/ → the channel's pipeline); cartera's and glosas' tasks ---
@app.lambda_function(name="upload_trigger")
@entrypoint
def upload_trigger(event, context):
    return uploads.on_s3_event(event)


@app.lambda_function(name="cartera_task")
@entrypoint
def cartera_task(event, context):
    return uploads.task(CARTERA, event)


@app.lambda_function(name="cartera_stopped")
@entrypoint
def cartera_stopped(event, context):
    return uploads.execution_stopped(CARTERA, event)


@app.lambda_function(name="glosas_task")
@entrypoint
def glosas_task(event, context):
    return uploads.task(GLOSA_RESPONSES, event)


@app.lambda_function(name="glosas_stopped")
@entrypoint
def glosas_stopped(event, context):
    return uploads.execution_stopped(GLOSA_RESPONSES, event)


# --- "Olvidé mi contraseña": the known-person work runs apart, so the answer's timing reveals nothing ---
@app.lambda_function(name="password_recovery")
@entrypoint
def password_recovery(event, context):
    return account_handlers.complete_recovery(event)


# --- a large conciliation's glosa detail file, made apart from the request that asked for it (202 and a job) ---
@app.lambda_function(name="glosas_detail_file")
@entrypoint
def glosas_detail_file(event, context):
    return glosa_handlers.write_detail_file(event)


@app.schedule(Rate(5, unit=Rate.MINUTES), name="outbox_retry")
@entrypoint
def outbox_retry(event):
    """Emails SES did not take at once are handed over again (notifications/outbox.py)."""
    return notification_handlers.retry_emails()


@app.schedule(Rate(5, unit=Rate.MINUTES), name="payments_sweep")
@entrypoint
def payments_sweep(event):
    """Online payments pending past a few minutes are asked about at the gateway and settled (lost callbacks)."""
    return payment_handlers.sweep()
