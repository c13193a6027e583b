// The shell's pure rules: which nav items a role sees, which section a path belongs to, and
// which callbackUrls sign-in follows (only same-site paths: no open redirect).
import { describe, expect, it } from "vitest";
import { safeCallbackUrl, signInPath } from "@/lib/shared/callback-url";
import { ALL_NAV_ITEMS, navHref, navItemForPath } from "@/lib/shared/nav";
import { can, ROLES } from "@/lib/shared/permissions";

describe("navigation per role", () => {
  const visible = (role: (typeof ROLES)[number]) => ALL_NAV_ITEMS.filter((i) => can(role, i.action)).map((i) => i.label);

  it("gives each role exactly its sections", () => {
    const improve = ["Review", "Fix items", "Releases", "Runbooks", "Risks", "Ownership"];
    // Viewers read incidents too (issue 18), without the runs behind them; traces stay sre and up.
    expect(visible("viewer")).toEqual(["Overview", "Workflows", "Tools", "Failures", "Cost", "Guardrails", "Objectives", "Alerts", "Incidents", ...improve, "Docs"]);
    expect(visible("sre")).toEqual([
      "Overview", "Workflows", "Tools", "Failures", "Cost", "Guardrails", "Objectives", "Traces", "Alerts", "Incidents", ...improve, "Docs",
    ]);
    expect(visible("owner")).toEqual(visible("sre"));
    expect(visible("admin")).toEqual([...visible("sre").slice(0, -1), "Settings", "Docs"]);
  });

  it("links into the project, except Docs", () => {
    const byLabel = (label: string) => ALL_NAV_ITEMS.find((i) => i.label === label)!;
    expect(navHref("demo", byLabel("Overview"))).toBe("/demo");
    expect(navHref("demo", byLabel("Fix items"))).toBe("/demo/fix-items");
    expect(navHref("demo", byLabel("Docs"))).toBe("/docs/ingest");
  });

  it("finds the section of a path, including deeper pages and aliases", () => {
    expect(navItemForPath("demo", "/demo")?.label).toBe("Overview");
    expect(navItemForPath("demo", "/demo/")?.label).toBe("Overview");
    expect(navItemForPath("demo", "/demo/traces")?.label).toBe("Traces");
    expect(navItemForPath("demo", "/demo/traces/run-1")?.label).toBe("Traces");
    expect(navItemForPath("demo", "/demo/sessions/s-1")?.label).toBe("Traces");
    expect(navItemForPath("demo", "/demo/releases/gpt-4.1%40v13")?.label).toBe("Releases");
    expect(navItemForPath("demo", "/demo/unknown")).toBeNull();
    // Another project's path (or a slug that merely starts alike) is not this project's section.
    expect(navItemForPath("demo", "/demo-2/traces")).toBeNull();
    expect(navItemForPath("demo", "/docs/ingest")).toBeNull();
  });
});

describe("callbackUrl after sign-in", () => {
  it("follows same-site paths with their query", () => {
    expect(safeCallbackUrl("/demo/traces?outcome=failure")).toBe("/demo/traces?outcome=failure");
    expect(safeCallbackUrl("/projects")).toBe("/projects");
  });

  it("refuses other sites, protocol-relative and backslash tricks, and loops", () => {
    for (const bad of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "javascript:alert(1)", "demo", "", "/signin", "/signin?callbackUrl=/x", "/api/auth/signout"])
      expect(safeCallbackUrl(bad), bad).toBe("/projects");
    expect(safeCallbackUrl(undefined)).toBe("/projects");
    expect(safeCallbackUrl(["/demo"])).toBe("/projects");
  });

  it("builds the sign-in link with the page to come back to", () => {
    expect(signInPath("/demo/fix-items?status=open")).toBe("/signin?callbackUrl=%2Fdemo%2Ffix-items%3Fstatus%3Dopen");
    expect(signInPath("/projects")).toBe("/signin");
    expect(signInPath(null)).toBe("/signin");
    expect(signInPath("https://evil.example")).toBe("/signin");
  });
});
