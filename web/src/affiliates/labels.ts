// Spanish labels of the affiliates' data fields (seed 003 lines 372–379 and 490–521), shared by the home page,
// Actualizar datos and the pending-novedad notes.
export const CONTACT_LABELS: Record<string, string> = {
  correo: "Correo registrado", correo_alternativo: "Correo alternativo", telefono_residencia: "Teléfono residencia",
  telefono_adicional: "Teléfono Adicional", celular: "Teléfono Celular", celular_alterno: "Teléfono Celular Alterno",
  direccion_residencia: "Dirección residencia", departamento_residencia: "Departamento de residencia",
  ciudad_residencia: "Ciudad de residencia", barrio: "Barrio", localidad: "Localidad",
  direccion_correspondencia: "Dirección correspondencia", departamento_correspondencia: "Departamento de correspondencia",
  ciudad_correspondencia: "Ciudad Correspondencia", etnia: "Etnia", escolaridad: "Escolaridad",
};

export const GENDERS: Record<string, string> = { M: "M", F: "F", I: "Indeterminado" };

/** "CC" + "1032456789" → "CC - 1032456789" as the seed's home page writes it. */
export const identification = (tipo: string, numero: string): string => `${tipo} - ${numero}`;

export const orEmpty = (value: string | null | undefined): string => value?.trim() ? value : "—";
