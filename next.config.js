/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg"],
  poweredByHeader: false,
  // Separate build folders let several builds coexist (e2e runs, parallel work); default .next.
  distDir: process.env.KEEL_DIST_DIR || ".next",
  typedRoutes: false,
  // scripts/e2e.mjs and scripts/test.mjs type-check with tsc on their own; their builds skip Next's second pass.
  typescript: { ignoreBuildErrors: process.env.KEEL_SKIP_TYPECHECK === "1" },
  // forbidden() and forbidden.tsx: a member whose role does not include a page gets a real 403
  // ("your role can't open traces"), not a 404 for a page that exists (lib/server/auth/page-context.ts).
  experimental: { authInterrupts: true },
};

export default nextConfig;
