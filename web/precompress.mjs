// After `vite build`: a .br and a .gz beside every text file of dist/, so the local stack answers
// `Accept-Encoding` as CloudFront does (devstack/portal.py). S3 gets only the originals: CloudFront compresses
// them itself (docs/web.md, "Deployment").
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;
const files = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : [path];
});

for (const path of files("dist").filter((f) => COMPRESSIBLE.test(f))) {
  const body = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
}
