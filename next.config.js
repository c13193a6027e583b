/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "bcryptjs"],
  poweredByHeader: false,
  // Separate build folders let several builds coexist (e2e runs, parallel work); default .next.
  distDir: process.env.KEEL_DIST_DIR || ".next",
  typedRoutes: false,
};

export default nextConfig;
