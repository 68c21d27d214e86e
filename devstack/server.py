"""`make run`: the whole system on this machine, on the embedded AWS, with no account and no Docker."""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import signal
import sys
import threading

from devstack import portal
from devstack.embedded_aws import EmbeddedAws, sent_emails
from devstack.environment import REGION, stage_environment

MAILBOX_PATH = "/_local/buzon"


def _handler_class(aws_url: str):
    from chalice.local import ChaliceRequestHandler

    class LocalHandler(ChaliceRequestHandler):
        """Chalice's local handler plus the dev-only mailbox (never part of the deployed API) and the built portal."""

        def do_GET(self):  # noqa: N802 (http.server naming)
            if portal.serve(self, aws_url):
                return
            if self.path.split("?")[0] == MAILBOX_PATH:
                body = json.dumps(sent_emails(REGION), ensure_ascii=False, indent=2).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self._generic_handle()

        def __getattr__(self, name: str):
            """API Gateway answers a method it does not have (TRACE, QUERY…) with its "no such route" answer;
            http.server would answer 501."""
            if name.startswith("do_"):
                return self._no_such_method
            raise AttributeError(name)

        def _no_such_method(self) -> None:
            from devstack import gateway

            status, body, headers = gateway.answer("MISSING_AUTHENTICATION_TOKEN")
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return LocalHandler


def start(port: int, aws_port: int | None = None, quiet: bool = False):
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's per-request access log
    aws = EmbeddedAws(aws_port).start()
    os.environ.update(stage_environment("local", aws.endpoint_url, portal_url=f"http://127.0.0.1:{port}"))

    import boto3
    from chalice.config import Config
    from chalice.local import create_local_server

    from app import app
    from chalicelib import wiring
    from chalicelib.config import get_settings
    from devstack import demo, gateway
    from devstack.lambdas import create_functions
    from devstack.provision import provision

    session = boto3.Session()
    functions = create_functions(session, app, "local", region=REGION, endpoint_url=aws.endpoint_url)
    provision(session, "local", region=REGION, endpoint_url=aws.endpoint_url, functions=functions)
    wiring.bind()
    s3 = session.client("s3", region_name=REGION, endpoint_url=aws.endpoint_url)
    providers = demo.load(s3, get_settings().data_bucket)

    gateway.install()
    config = Config.create(chalice_stage="local", app_name="oficina-virtual", chalice_app=app)
    server = create_local_server(app, config, "127.0.0.1", port)
    handler = _handler_class(aws.endpoint_url)
    server.server.RequestHandlerClass = functools.partial(handler, app_object=app, config=config)
    if not quiet:
        _print_banner(port, aws.endpoint_url, providers)
    return server, aws


def _print_banner(port: int, aws_url: str, providers: list[tuple[str, str]]) -> None:
    from chalicelib.affiliates import demo as affiliates
    from devstack.demo import DEMO_ADMIN, DEMO_AFFILIATE, DEMO_OPERATOR

    base = f"http://127.0.0.1:{port}"
    others = "\n".join(f"    NI {nit}  {name}" for nit, name in providers[1:])
    cotizante = affiliates.COTIZANTE
    unregistered = "\n".join(f"    {p.doc_type} {p.doc_number}  {p.primer_nombre} {p.primer_apellido}"
                             for p in affiliates.UNREGISTERED)
    print(f"""
Oficina Virtual — stack local listo
  Portal ......... {base}/portal/   (prestadores, afiliados y consola de operadores)
  API ............ {base}   (salud: {base}/health, contrato: {base}/openapi.json)
  Buzón de correo  {base}{MAILBOX_PATH}   (correos enviados por SES, solo local)
  AWS embebido ... {aws_url}   (moto; datos demo cargados por el pipeline de ingesta)

  Administrador del prestador NI {providers[0][0]} ({providers[0][1]}):
    {DEMO_ADMIN['tipo_documento']} {DEMO_ADMIN['numero_documento']} / {DEMO_ADMIN['contrasena']}
  Operador EPS: {DEMO_OPERATOR['tipo_documento']} {DEMO_OPERATOR['numero_documento']} / {DEMO_OPERATOR['contrasena']}
  Prestadores sin registrar, para probar el registro:
{others}
  Afiliado registrado, cotizante con grupo familiar (cónyuge, dos menores, un hijo mayor, plan PAC, documentos
  pendientes) — Oficina Virtual Afiliados:
    {DEMO_AFFILIATE['tipo_documento']} {DEMO_AFFILIATE['numero_documento']} / {DEMO_AFFILIATE['contrasena']}  \
({cotizante.primer_nombre} {cotizante.primer_apellido})
  Afiliados sin registrar, para probar el registro:
{unregistered}
Ctrl-C para detener.
""", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--aws-port", type=int, default=None)
    args = parser.parse_args(argv)
    server, aws = start(args.port, args.aws_port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    worker = threading.Thread(target=server.serve_forever, daemon=True)
    worker.start()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    print("Deteniendo…", flush=True)
    server.shutdown()
    aws.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
