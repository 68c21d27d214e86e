// "No soy un robot" without a third party: the API hands a challenge and a difficulty; the browser finds a
// nonce whose SHA-256(reto + nonce) starts with `dificultad` zero bits (Web Crypto, in batches so the page
// stays responsive). The API checks it in one hash; a script harvesting names pays the work for every document.

function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) { bits += 8; continue; }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

const encoder = new TextEncoder();
const BATCH = 256;

/** The first nonce (decimal text) meeting the difficulty; `signal` abandons the search. */
export async function solveChallenge(reto: string, dificultad: number, signal?: AbortSignal): Promise<string> {
  for (let nonce = 0; ; nonce += BATCH) {
    if (signal?.aborted) throw new Error("Verificación cancelada");
    const hashes = await Promise.all(Array.from({ length: BATCH }, (_, i) =>
      crypto.subtle.digest("SHA-256", encoder.encode(`${reto}${nonce + i}`))));
    const found = hashes.findIndex((hash) => leadingZeroBits(new Uint8Array(hash)) >= dificultad);
    if (found >= 0) return String(nonce + found);
  }
}
