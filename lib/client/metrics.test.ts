// Links from a number to the runs behind it: the page's window and scope are kept, the narrowing
// is written with the runs list's own keys (critical, retried, sort, order as the list reads them).
import { describe, expect, it } from "vitest";
import { readMetricsUrl, tracesHref, type MetricsFilters } from "./metrics";

const WINDOW: MetricsFilters = { from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" };
const params = (href: string) => Object.fromEntries(new URL(href, "http://x").searchParams);

describe("tracesHref", () => {
  it("critical policy violations: failed, policy_violation, critical, in the window", () => {
    const href = tracesHref("demo", WINDOW, { outcome: "failure", failureCategory: "policy_violation", critical: true });
    expect(href.startsWith("/demo/traces?")).toBe(true);
    expect(params(href)).toEqual({ outcome: "failure", failureCategory: "policy_violation", critical: "true", from: WINDOW.from, to: WINDOW.to });
  });

  it("retry cost: runs with a retried call, dearest first; the scope of the page is kept", () => {
    const href = tracesHref("demo", { ...WINDOW, workflow: "refund-request", environment: "production" }, { retried: true, sort: "cost", order: "desc" });
    expect(params(href)).toEqual({
      workflow: "refund-request",
      environment: "production",
      retried: "true",
      from: WINDOW.from,
      to: WINDOW.to,
      sort: "cost",
      order: "desc",
    });
  });

  it("a bucket is clipped to the window; a narrower workflow wins over the page's", () => {
    const href = tracesHref("demo", { ...WINDOW, workflow: "a" }, { workflow: "b", from: "2026-10-31T00:00:00.000Z", to: "2026-11-02T00:00:00.000Z" });
    expect(params(href)).toEqual({ workflow: "b", from: WINDOW.from, to: "2026-11-02T00:00:00.000Z" });
  });

  it("false flags are written (not dropped), absent ones are not", () => {
    expect(params(tracesHref("demo", WINDOW, { critical: false }))).toEqual({ critical: "false", from: WINDOW.from, to: WINDOW.to });
  });
});

describe("readMetricsUrl: a window wider than any endpoint reads", () => {
  it("is clamped to its last 400 days ending at `to`; a narrower one is kept as written", () => {
    const wide = readMetricsUrl(new URLSearchParams("range=custom&from=0001-01-01T00:00:00Z&to=2026-12-01T00:00:00Z&workflow=triage"));
    expect(wide).toEqual({ range: "custom", from: "2025-10-27T00:00:00.000Z", to: "2026-12-01T00:00:00Z", workflow: "triage" });
    const fine = readMetricsUrl(new URLSearchParams("from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z"));
    expect(fine).toEqual({ range: "custom", from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" });
  });
});
