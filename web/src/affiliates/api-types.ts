// The affiliates' routes are typed by the API's own OpenAPI document (generated ../api-types.ts): `tsc` checks
// every screen against it (docs/web.md, "The API contract cannot drift silently").
import type { components } from "../api-types";

export type { components, paths } from "../api-types";

type Schemas = components["schemas"];
export type TipoDocumento = Schemas["AffiliateLookup"]["tipo_documento"];
export type DocumentoRef = Schemas["AffiliateLookup"];
