// Prisma 7 CLI config. Only `prisma generate` is used: migrations are SQL files applied by
// Keel itself (lib/server/db/migrate.ts), because the migrate engine cannot be downloaded here.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
