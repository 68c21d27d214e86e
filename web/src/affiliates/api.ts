// Calls to the affiliates' routes: the same transport and error handling as the providers' portal (../api.ts),
// typed against the affiliates' paths, with the affiliate's token (its own session) or, for the operators'
// queues, the EPS operator's provider-portal session.
import { type AnswerOf, type BodyOf, type Credentials, type Method, type OperationOf, type PathsOf,
  type RequestOptions, saveAnswer, send } from "../api";
import type { components, paths } from "./api-types";
import { affiliateSession } from "./session";

export type AffSchemas = components["schemas"];
type Op<P extends keyof paths, M extends Method> = OperationOf<paths, P, M>;
export type AffAnswer<P extends keyof paths, M extends Method> = AnswerOf<Op<P, M>>;

function client(credentials?: Credentials) {
  return async <M extends Method, P extends PathsOf<paths, M>>(method: M, path: P,
    opts: RequestOptions<BodyOf<Op<P, M>>> = {}): Promise<AffAnswer<P, M>> => {
    const response = await send(method, path as string, opts, credentials);
    if (response.status === 204) return undefined as AffAnswer<P, M>;
    return (await response.json()) as AffAnswer<P, M>;
  };
}

/** An affiliate's request (public routes carry no token: none is stored before login). */
export const affCall = client({ token: () => affiliateSession.token(), expired: (m) => affiliateSession.expired(m) });
/** An EPS operator's request on the affiliates' queues (the providers' portal session). */
export const operatorCall = client();

/** An operator's file download (XLSX/CSV, or the API's link to a large one). */
export async function operatorDownload(path: PathsOf<paths, "get">, accept: string,
  query: Record<string, string> = {}): Promise<string> {
  return saveAnswer(await send("get", path, { accept, query }));
}
