// The affiliates' routes (issue 23), typed by hand in openapi-typescript's shape until they are on main. At
// integration this file becomes `export type { paths, components } from "../api-types";` and `tsc` then checks
// every screen against the API's own OpenAPI document (docs/web.md, "The API contract cannot drift silently").
// Shapes follow the owners' pydantic schemas (ACCOUNTS: chalicelib/affiliate_accounts, MICUENTA: chalicelib/affiliates).

type Json<T> = { content: { "application/json": T } };
type Op<Body, Answer, Status extends number = 200> = {
  parameters: { query?: never; header?: never; path?: Record<string, string>; cookie?: never };
  requestBody: Body extends undefined ? never : Json<Body>;
  responses: { [S in Status]: Answer extends undefined ? { content?: never } : Json<Answer> };
};
type Path<M> = { parameters: { query?: never; header?: never; path?: never; cookie?: never } } & M;

export type TipoDocumento = "CC" | "CE" | "TI" | "RC" | "PA" | "PE" | "PT" | "CD" | "SC";
export interface DocumentoRef { tipo_documento: TipoDocumento; numero_documento: string }
export interface Mensaje { mensaje: string }

export interface components {
  schemas: {
    Reto: { reto: string; dificultad: number; expira_en: number };
    ValidarRequest: DocumentoRef & { reto: string; nonce: string };
    Pregunta: { clave: "direccion" | "fecha_nacimiento" | "telefono"; pregunta: string; opciones: string[] };
    ValidarResponse: { primer_nombre: string; segundo_nombre: string | null; primer_apellido: string;
      segundo_apellido: string | null; preguntas: components["schemas"]["Pregunta"][]; ticket: string };
    RespuestasRequest: { ticket: string; respuestas: { direccion: string; fecha_nacimiento: string; telefono: string } };
    RespuestasResponse: { mensaje: string; ticket: string };
    FinalizarRequest: { ticket: string; correo: string; correo_confirmacion: string; celular: string;
      acepta_terminos: boolean; version_terminos: string };
    FinalizarResponse: { mensaje: string; usuario: string };
    Terminos: { version: string; titulo: string; clausulas: string[] };
    LoginRequest: DocumentoRef & { contrasena: string };
    SesionAfiliado: { token: string; expira_en: number; debe_cambiar_contrasena: boolean };
    CambioContrasena: { contrasena_actual: string; contrasena_nueva: string; confirmacion: string };
    Contacto: {
      correo?: string | null; correo_alternativo?: string | null; telefono_residencia?: string | null;
      telefono_adicional?: string | null; celular?: string | null; celular_alterno?: string | null;
      direccion_residencia?: string | null; departamento_residencia?: string | null; ciudad_residencia?: string | null;
      barrio?: string | null; localidad?: string | null; direccion_correspondencia?: string | null;
      departamento_correspondencia?: string | null; ciudad_correspondencia?: string | null;
      etnia?: string | null; escolaridad?: string | null;
    };
    NovedadPendiente: { fecha: string; campos: { [key: string]: string } };
    Ips: { nit: string; sucursal: string; nombre: string; direccion: string | null; telefono: string | null;
      municipio: string | null };
    DatosPersonales: components["schemas"]["Contacto"] & { ref: string; tipo_documento: string; numero_documento: string;
      nombre: string; fecha_nacimiento: string; genero: string };
    Pbs: { estado_afiliacion: string; regimen: string; tipo_afiliado: string; ips_primaria: components["schemas"]["Ips"] | null };
    Familiar: { ref?: string | null; nombre: string; tipo_documento: string; numero_documento: string;
      parentesco: string; estado_afiliacion: string; ips_primaria: string | null; menor_de_edad: boolean;
      novedades_pendientes?: components["schemas"]["NovedadPendiente"][] };
    Pac: { plan: string; contrato: string; estado: string; vigencia_desde: string; vigencia_hasta: string | null };
    Inicio: { datos_personales: components["schemas"]["DatosPersonales"];
      novedades_pendientes: components["schemas"]["NovedadPendiente"][]; pbs: components["schemas"]["Pbs"];
      grupo_familiar: components["schemas"]["Familiar"][]; pac: components["schemas"]["Pac"][] };
    PersonaGestionada: { ref: string; nombre: string; tipo_documento: string; numero_documento: string; titular: boolean;
      datos: components["schemas"]["Contacto"]; novedades_pendientes: components["schemas"]["NovedadPendiente"][];
      correo_por_confirmar?: boolean };
    Datos: { personas: components["schemas"]["PersonaGestionada"][]; obligatorios: string[]; aviso?: string };
    ActualizarDatos: components["schemas"]["Contacto"] & { personas: string[]; departamento_residencia: string;
      ciudad_residencia: string; direccion_residencia: string; correo_confirmacion?: string | null };
    ResultadoDatos: { mensaje: string; novedad?: string | null; correo_por_confirmar?: string | null };
    SoportePendiente: { ref: string; nombre: string; tipo_soporte: string; fecha: string; estado?: string;
      motivo?: string | null };
    Documentos: { documentos: components["schemas"]["SoportePendiente"][]; formatos?: string[]; tamano_maximo_bytes: number };
    ArchivoSoporte: { ref: string; tipo_soporte: string; nombre_archivo: string; contenido: string };
    EnviarDocumentos: { archivos: components["schemas"]["ArchivoSoporte"][] };
    DocumentosEnviados: { mensaje: string; envio: string };
    FormularioIps: { correo_alternativo: string | null; correo: string | null; telefono_residencia: string | null;
      telefono_fijo_alternativo: string | null; celular: string | null; direccion_residencia: string | null;
      departamento_residencia: string | null; municipio_residencia: string | null };
    SolicitudAbierta: { solicitud: string; fecha: string; ips_deseada: string; estado: string };
    PersonaIps: { ref: string; nombre: string; ips_actual: components["schemas"]["Ips"] | null;
      formulario: components["schemas"]["FormularioIps"]; ips_disponibles: components["schemas"]["Ips"][];
      solicitud_en_tramite: components["schemas"]["SolicitudAbierta"] | null };
    CambioIps: { personas: components["schemas"]["PersonaIps"][]; motivos: string[]; aviso?: string };
    SolicitudCambioIps: { ref: string; correo_alternativo?: string | null; correo?: string | null;
      telefono_residencia: string; telefono_fijo_alternativo: string; celular: string; direccion_residencia: string;
      departamento_residencia: string; municipio_residencia: string; motivo: string; ips_deseada: string };
    CambioIpsEnviado: { mensaje: string; solicitud: string };
    Codigo: { codigo: string };
    DecisionTomada: { operador: string; fecha: string; motivo: string | null };
    SoporteRecibido: { envio: string; fecha: string; tipo_documento: string; numero_documento: string; nombre: string;
      tipo_soporte: string; nombre_archivo: string; tamano_bytes: number; tipo_archivo: string; estado: string;
      enlace: string; decision?: components["schemas"]["DecisionTomada"] | null };
    ColaSoportes: { documentos: components["schemas"]["SoporteRecibido"][]; siguiente: string | null };
    SolicitudIps: { solicitud: string; fecha: string; tipo_documento: string; numero_documento: string; nombre: string;
      ips_actual: string | null; ips_deseada: string; motivo_cambio: string; municipio_residencia: string | null;
      estado: string; decision?: components["schemas"]["DecisionTomada"] | null };
    ColaIps: { solicitudes: components["schemas"]["SolicitudIps"][]; siguiente: string | null };
    DecisionSoporte: { decision: "ACEPTAR" | "DEVOLVER"; motivo?: string | null };
    DecisionIps: { decision: "APROBAR" | "RECHAZAR"; motivo?: string | null };
    ResultadoDecision: { mensaje: string; estado: string };
    CorreccionCorreo: { correo: string; correo_confirmacion: string };
    AfiliadoEncontrado: { ref: string; nombre: string; correo: string | null };
  };
}
type S = components["schemas"];

export interface paths {
  "/afiliados/registro/reto": Path<{ post: Op<undefined, S["Reto"]> }>;
  "/afiliados/registro/validar": Path<{ post: Op<S["ValidarRequest"], S["ValidarResponse"]> }>;
  "/afiliados/registro/respuestas": Path<{ post: Op<S["RespuestasRequest"], S["RespuestasResponse"]> }>;
  "/afiliados/registro/finalizar": Path<{ post: Op<S["FinalizarRequest"], S["FinalizarResponse"], 201> }>;
  "/afiliados/registro/terminos": Path<{ get: Op<undefined, S["Terminos"]> }>;
  "/afiliados/sesion": Path<{ post: Op<S["LoginRequest"], S["SesionAfiliado"]> }>;
  "/afiliados/sesion/cerrar": Path<{ post: Op<undefined, undefined, 204> }>;
  "/afiliados/contrasena/recuperar": Path<{ post: Op<DocumentoRef, Mensaje, 202> }>;
  "/afiliados/cuenta/contrasena": Path<{ put: Op<S["CambioContrasena"], S["SesionAfiliado"]> }>;
  "/afiliados/inicio": Path<{ get: Op<undefined, S["Inicio"]> }>;
  "/afiliados/datos": Path<{ get: Op<undefined, S["Datos"]>; put: Op<S["ActualizarDatos"], S["ResultadoDatos"]> }>;
  "/afiliados/documentos": Path<{ get: Op<undefined, S["Documentos"]>;
    post: Op<S["EnviarDocumentos"], S["DocumentosEnviados"], 201> }>;
  "/afiliados/cambio-ips": Path<{ get: Op<undefined, S["CambioIps"]>; post: Op<S["SolicitudCambioIps"], S["CambioIpsEnviado"], 201> }>;
  "/afiliados/correo/confirmar": Path<{ post: Op<S["Codigo"], Mensaje> }>;
  "/operaciones/afiliados/documentos": Path<{ get: Op<undefined, S["ColaSoportes"]> }>;
  "/operaciones/afiliados/documentos/{envio_id}/decision": Path<{ post: Op<S["DecisionSoporte"], S["ResultadoDecision"]> }>;
  "/operaciones/afiliados/cambios-ips": Path<{ get: Op<undefined, S["ColaIps"]> }>;
  "/operaciones/afiliados/cambios-ips/{solicitud_id}/decision": Path<{ post: Op<S["DecisionIps"], S["ResultadoDecision"]> }>;
  "/operaciones/afiliados/novedades": Path<{ get: Op<undefined, { url: string; nombre_archivo: string }> }>;
  "/operaciones/afiliados/buscar": Path<{ post: Op<DocumentoRef, S["AfiliadoEncontrado"]> }>;
  "/operaciones/afiliados/{ref}/correo": Path<{ put: Op<S["CorreccionCorreo"], Mensaje> }>;
}
