// The project layout refuses a page the role may not open (HTTP 403) from the navigation's table
// (actionForProjectSegment); each page checks its own action again. The two must agree, or a
// page would be refused by one and allowed by the other: read every project page's check. A page
// below a section (runbooks/[id]) may ask more than its section (a runbook's body is for sre and up,
// the runbooks list for everyone), never less: every role it lets in, the layout lets in too.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionForProjectSegment } from "@/lib/shared/nav";
import { can, ROLES, type Action } from "@/lib/shared/permissions";

const ROOT = path.resolve(import.meta.dirname, "../../app/(app)/[project]");

function pages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pages(path.join(dir, e.name)) : e.name === "page.tsx" ? [path.join(dir, e.name)] : [],
  );
}

describe("project pages and the layout's 403 agree on each page's action", () => {
  const all = pages(ROOT);

  it("finds the project pages", () => {
    expect(all.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of all) {
    const rel = path.relative(ROOT, file);
    it(rel, () => {
      const source = readFileSync(file, "utf8");
      const action = /requireProjectPage\((?:[^;]*?),\s*"([a-z-]+:[a-z]+)"\s*\)/.exec(source)?.[1];
      expect(action, `${rel} checks an action`).toBeDefined();
      const parts = rel.split(path.sep);
      const segment = parts.length > 1 ? parts[0] : "";
      const sectionAction = actionForProjectSegment(segment);
      if (parts.length > 2 && sectionAction !== action) {
        const narrower = ROLES.filter((r) => can(r, action as Action)).every((r) => can(r, sectionAction as Action));
        expect(narrower, `${rel}: "${action}" lets in a role the section's "${sectionAction}" refuses`).toBe(true);
      } else expect(sectionAction, `${rel}: the navigation's action for "${segment}"`).toBe(action);
    });
  }

  it("knows nothing of a segment no page has", () => {
    expect(actionForProjectSegment("no-such-page")).toBeNull();
  });
});
