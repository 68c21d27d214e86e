import { defineConfig } from "vite";

// Served under /portal/ by the local stack and by CloudFront (the API owns every other path on the same origin).
export default defineConfig({
  base: "/portal/",
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2022" },
});
