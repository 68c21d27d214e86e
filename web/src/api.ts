// The one way the portal calls the API. Paths, bodies and answers are typed from the OpenAPI document the
// build dumps from the app (src/api-types.ts): a renamed route or field fails `tsc`, not a user.
import type { components, paths } from "./api-types";
import { session } from "./session";

export type Schemas = components["schemas"];
export type Method = "get" | "post" | "put" | "delete";
/** The paths of a document (`Ps`: the generated `paths`, or a portal part's own) that have method `M`. */
export type PathsOf<Ps, M extends Method> = {
  [P in keyof Ps]: Ps[P][M & keyof Ps[P]] extends undefined | never ? never : P }[keyof Ps];
export type OperationOf<Ps, P extends keyof Ps, M extends Method> = NonNullable<Ps[P][M & keyof Ps[P]]>;
type PathsWith<M extends Method> = PathsOf<paths, M>;
type Operation<P extends keyof paths, M extends Method> = OperationOf<paths, P, M>;
type Success<O> = O extends { responses: infer R }
  ? R extends { 200: infer S } ? S : R extends { 201: infer S } ? S : R extends { 202: infer S } ? S : undefined
  : never;
type JsonOf<S> = S extends { content: { "application/json": infer J } } ? J : undefined;
export type AnswerOf<O> = JsonOf<Success<O>>;
export type BodyOf<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B : undefined;
export type Answer<P extends keyof paths, M extends Method> = JsonOf<Success<Operation<P, M>>>;

export interface RequestOptions<B> {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: B;
  accept?: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string,
    readonly errores: { campo?: string; mensaje?: string }[] = []) {
    super(message);
  }
}

export function url(path: string, opts: { params?: Record<string, string>; query?: Record<string, string | undefined> } = {}): string {
  let out = path.replace(/{(\w+)}/g, (_, name: string) => encodeURIComponent(opts.params?.[name] ?? ""));
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== "") query.set(k, v);
  if (query.size) out += `?${query}`;
  return out;
}

/** Whose token a request carries, and what a 401 on it ends (the providers' session unless told otherwise). */
export interface Credentials { token(): string | null; expired(message: string): void }
const providerCredentials: Credentials = { token: () => session.token(), expired: (m) => session.expired(m) };

export async function send(method: Method, path: string, opts: RequestOptions<unknown>,
  credentials: Credentials = providerCredentials): Promise<Response> {
  const headers: Record<string, string> = { Accept: opts.accept ?? "application/json" };
  const token = credentials.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(url(path, opts), {
      method: method.toUpperCase(), headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "RED", "No fue posible comunicarse con la Oficina Virtual. Verifique su conexión e intente de nuevo");
  }
  if (response.ok) return response;
  let body: { code?: string; message?: string; errores?: { campo?: string; mensaje?: string }[] } = {};
  try {
    body = await response.json();
  } catch { /* a body that is not JSON keeps the generic message */ }
  const error = new ApiError(response.status, body.code ?? "ERROR", body.message ?? "Ocurrió un error inesperado",
    body.errores ?? []);
  if (response.status === 401 && token) credentials.expired(error.message);
  throw error;
}

export async function call<M extends Method, P extends PathsWith<M>>(
  method: M, path: P, opts: RequestOptions<BodyOf<Operation<P, M>>> = {},
): Promise<Answer<P, M>> {
  const response = await send(method, path as string, opts);
  if (response.status === 204) return undefined as Answer<P, M>;
  return (await response.json()) as Answer<P, M>;
}

export const get = <P extends PathsWith<"get">>(path: P, opts: RequestOptions<never> = {}) => call("get", path, opts);

/** A file answer (CSV/XLSX) saved by the browser; a JSON answer is the API's temporary link to a large file; a 202
 * is a job preparing the file, handed to `accepted` (the caller follows it). */
export async function download<P extends PathsWith<"get">>(path: P,
  opts: RequestOptions<undefined> & { accept: string; accepted?: (job: unknown) => Promise<void> }): Promise<string> {
  const response = await send("get", path as string, opts);
  if (response.status === 202 && opts.accepted) {
    await opts.accepted(await response.json());
    return "";
  }
  return saveAnswer(response);
}

/** Saves a file answer (or follows the API's JSON link to a large one); returns the file's name. */
export async function saveAnswer(response: Response): Promise<string> {
  const type = response.headers.get("Content-Type") ?? "";
  if (type.startsWith("application/json")) {
    const link = (await response.json()) as { url?: string; nombre_archivo?: string };
    if (link.url) saveFrom(link.url, link.nombre_archivo ?? "archivo");
    return link.nombre_archivo ?? "archivo";
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "archivo";
  const blobUrl = URL.createObjectURL(await response.blob());
  saveFrom(blobUrl, name);
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  return name;
}

export function saveFrom(href: string, name: string): void {
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
}
