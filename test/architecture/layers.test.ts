// The layer rules of shared/STYLE.md that ESLint does not check (eslint.config.mjs has the import
// boundaries): every lib/server module imports "server-only" first, so a client bundle that reaches
// one fails the build instead of shipping server code.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SERVER = path.join(ROOT, "lib", "server");

/**
 * lib/server modules without "server-only", each with the reason. The OTLP decoders are loaded in
 * plain Node by the interop Playwright project (interop/tests/decoder.spec.ts), where "server-only"
 * throws; they are pure functions over bytes and JSON.
 */
const SERVER_ONLY_EXCEPTIONS: Record<string, string> = {
  "lib/server/otel/json.ts": "imported by interop/tests/decoder.spec.ts (plain Node)",
  "lib/server/otel/protobuf.ts": "imported by interop/tests/decoder.spec.ts (plain Node)",
  "lib/server/otel/types.ts": "imported by the two decoders above",
};

function serverModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : serverModules(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path.relative(ROOT, full).split(path.sep).join("/")] : [];
  });
}

/** The first statement that is not a comment: `import "server-only";` is expected there. */
function firstStatement(source: string): string {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return withoutComments.trim().split("\n")[0]?.trim() ?? "";
}

describe("lib/server modules", () => {
  const modules = serverModules(SERVER);

  it("are found (the walk sees the tree)", () => {
    expect(modules.length).toBeGreaterThan(50);
    expect(modules).toContain("lib/server/db/index.ts");
    expect(modules.some((m) => m.includes("/generated/"))).toBe(false);
  });

  it('each import "server-only" as their first statement, except the listed ones', () => {
    const missing = modules.filter(
      (m) => !(m in SERVER_ONLY_EXCEPTIONS) && !/^import ["']server-only["'];?$/.test(firstStatement(readFileSync(path.join(ROOT, m), "utf8"))),
    );
    expect(missing).toEqual([]);
  });

  it("exceptions exist and really lack server-only (no stale entries)", () => {
    for (const file of Object.keys(SERVER_ONLY_EXCEPTIONS)) {
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
      expect(readFileSync(path.join(ROOT, file), "utf8"), file).not.toMatch(/["']server-only["']/);
    }
  });
});
