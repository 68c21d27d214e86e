"""Create an EPS operator: `python -m chalicelib.entrypoints.cli CC 1234567 --nombre Ana --apellido Ruiz --correo ...`.

Runs with the stage's environment (the same variables the functions have) and AWS credentials allowed
to write the persons and memberships tables. Prints the generated password once.
"""

from __future__ import annotations

import argparse

from chalicelib import wiring
from chalicelib.common.identifiers import DocumentType
from chalicelib.operations.accounts import OperatorConflict, create_operator


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Crea un operador de la EPS")
    parser.add_argument("tipo_documento", choices=[t.value for t in DocumentType if t is not DocumentType.NI])
    parser.add_argument("numero_documento")
    parser.add_argument("--nombre", required=True)
    parser.add_argument("--apellido", required=True)
    parser.add_argument("--correo", required=True)
    args = parser.parse_args(argv)
    wiring.bind()
    try:
        password = create_operator(DocumentType(args.tipo_documento), args.numero_documento,
                                   primer_nombre=args.nombre, primer_apellido=args.apellido, correo=args.correo)
    except OperatorConflict as exc:
        parser.exit(1, f"{exc}\n")
    if password:
        print(f"Operador creado. Contraseña inicial (debe cambiarse al ingresar): {password}")
    else:
        print("La persona ya existía: quedó vinculada como operador con su contraseña actual.")


if __name__ == "__main__":
    main()
