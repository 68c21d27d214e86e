// The one catalogue of Spanish labels for the API's codes. Each table is a Record keyed by the enum the OpenAPI
// document declares (src/api-types.ts), so a code the API adds without a label here fails `tsc`, not a user.
import type { Schemas } from "./api";
import type { paths } from "./api-types";

export type JobState = Schemas["JobView"]["estado"];
export type Ambito = Schemas["AppliedFilters"]["ambitos"][number];
export type GrupoServicio = Schemas["AppliedFilters"]["grupos"][number];
export type AuditEvent = Schemas["AuditEvent"];
export type DocumentType = Schemas["DocumentType"];
type StateFilter<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? Q extends { estado?: infer E } ? NonNullable<E> : never : never;
export type SupportState = StateFilter<"/operaciones/afiliados/documentos">;
export type IpsChangeState = StateFilter<"/operaciones/afiliados/cambios-ips">;

export const JOB_STATES: Record<JobState, string> = {
  ESPERANDO_ARCHIVO: "Esperando el archivo",
  RECIBIDO: "Archivo recibido",
  VALIDANDO: "Validando",
  EN_ESPERA: "En espera de otra carga",
  CARGANDO: "Cargando",
  CALCULANDO: "Calculando",
  CONCILIANDO: "Conciliando",
  REGISTRANDO: "Registrando respuestas",
  GENERANDO_RESULTADO: "Generando el resultado",
  FINALIZADO: "Finalizado",
  FINALIZADO_CON_RECHAZOS: "Finalizado con filas rechazadas",
  FALLIDO: "Fallido",
  VENCIDA: "Vencida (el archivo no llegó)",
  ANULADA: "Anulada (el archivo no llegó)",
};

/** States after which a job no longer changes by itself. */
export const FINISHED: readonly JobState[] = ["FINALIZADO", "FINALIZADO_CON_RECHAZOS", "FALLIDO", "VENCIDA", "ANULADA"];
/** Finished without the work being done: no progress bar is drawn for them. */
export const UNDONE: readonly JobState[] = ["FALLIDO", "VENCIDA", "ANULADA"];

export const AMBITOS: Record<Ambito, string> = {
  ambulatorio: "Ambulatorio",
  hospitalario: "Hospitalario",
  urgencias: "Urgencias",
  domiciliario: "Domiciliario",
};

export const GRUPOS_SERVICIO: Record<GrupoServicio, string> = {
  consulta_profesional: "Consulta profesional",
  ayudas_diagnosticas_basicas: "Ayudas diagnósticas básicas",
  ayudas_diagnosticas_especializadas: "Ayudas diagnósticas especializadas",
  domiciliario: "Domiciliario",
  hospitalizacion: "Hospitalización",
  medicamentos: "Medicamentos",
  alto_costo: "Alto costo",
  insumos: "Insumos",
  odontologia: "Odontología",
  procedimientos_quirurgicos: "Procedimientos quirúrgicos",
  procedimientos_no_quirurgicos: "Procedimientos no quirúrgicos",
  terapias: "Terapias",
};

export const AUDIT_EVENTS: Record<AuditEvent, string> = {
  INGRESO_EXITOSO: "Ingreso exitoso",
  INGRESO_FALLIDO: "Ingreso fallido",
  CIERRE_SESION: "Cierre de sesión",
  REGISTRO_SOLICITADO: "Registro solicitado",
  PRESTADOR_REGISTRADO: "Prestador registrado",
  USUARIO_CREADO: "Usuario creado",
  USUARIO_INVITADO: "Usuario invitado",
  INVITACION_ACEPTADA: "Invitación aceptada",
  INVITACION_RECHAZADA: "Invitación rechazada",
  USUARIO_EDITADO: "Usuario editado",
  PERMISOS_MODIFICADOS: "Permisos modificados",
  USUARIO_ACTIVADO: "Usuario activado",
  USUARIO_INACTIVADO: "Usuario inactivado",
  CONTRASENA_CAMBIADA: "Contraseña cambiada",
  CONTRASENA_SOLICITADA: "Recuperación de contraseña solicitada",
  CONTRASENA_RESTABLECIDA: "Contraseña restablecida",
  DESBLOQUEO_SOLICITADO: "Desbloqueo solicitado",
  DISPOSITIVO_DESBLOQUEADO: "Dispositivo desbloqueado",
  AUTORIZACION_DATOS: "Autorización de tratamiento de datos",
  AFILIADO_REGISTRADO: "Afiliado registrado",
  AFILIADO_BLOQUEADO: "Afiliado bloqueado por preguntas de seguridad",
  CORREO_AFILIADO_CORREGIDO: "Correo de afiliado corregido",
  AFILIADO_CONSULTADO: "Afiliado consultado por documento",
  AFILIADO_SOPORTE_DECIDIDO: "Documento de afiliado revisado",
  AFILIADO_CAMBIO_IPS_DECIDIDO: "Cambio de IPS decidido",
  AFILIADO_NOVEDADES_EXPORTADAS: "Novedades de afiliados exportadas",
  PRESOLICITUD_GESTIONADA: "Presolicitud gestionada",
  PQRS_RESPONDIDA: "PQRS respondida",
};

/** The states of the operators' affiliate queues (supports received, IPS-change requests). */
export const AFFILIATE_REQUEST_STATES: Record<SupportState | IpsChangeState, string> = {
  RECIBIDO: "Recibido", ACEPTADO: "Aceptado", DEVUELTO: "Devuelto",
  EN_TRAMITE: "En trámite", APROBADA: "Aprobada", RECHAZADA: "Rechazada",
};

/** Abbreviations as Colombian documents write them next to the number. */
export const DOCUMENT_TYPES: Record<DocumentType, string> = {
  CC: "C.C.", CE: "C.E.", TI: "T.I.", RC: "R.C.", PA: "Pasaporte", PE: "PEP", PT: "PPT", CD: "C.D.", SC: "S.C.",
  NI: "NIT",
};

export const CHANNELS: Record<string, string> = {
  ingest: "Datos EPS", cartera: "Cartera", glosas: "Respuestas de glosas",
  proveedores: "Prestadores", afiliados: "Afiliados",
};

/** The EPS extracts operators load (chalicelib/ingest/schemas), by their folder code. */
export const ENTITIES: Record<string, string> = {
  invoices: "Facturas", payments: "Pagos", glosas: "Glosas", authorizations: "Autorizaciones", providers: "Prestadores",
};

/** Step Functions' execution statuses, as the operator's job detail shows them. */
export const EXECUTION_STATES: Record<string, string> = {
  RUNNING: "En ejecución", SUCCEEDED: "Terminada", FAILED: "Fallida", TIMED_OUT: "Tiempo agotado",
  ABORTED: "Detenida", PENDING_REDRIVE: "Pendiente de reintento",
};

export const jobState = (code: JobState): string => JOB_STATES[code] ?? code;
export const entity = (code: string): string => ENTITIES[code] ?? code;
export const executionState = (code: string | null | undefined): string => (code ? EXECUTION_STATES[code] ?? code : "—");
export const channel = (code: string): string => CHANNELS[code] ?? code;

const isDocumentType = (code: string): code is DocumentType => code in DOCUMENT_TYPES;

/** "CC#52111222" (the API's person and provider keys) → "C.C. 52111222"; anything else unchanged. */
export function documentRef(key: string | null | undefined): string {
  if (!key) return "";
  const [code, number] = key.split("#", 2);
  return number !== undefined && isDocumentType(code) ? `${DOCUMENT_TYPES[code]} ${number}` : key;
}

export const documentText = (type: DocumentType, number: string): string => `${DOCUMENT_TYPES[type]} ${number}`;
