import { describe, expect, it } from "vitest";
import { failuresQuerySchema, metricsQuerySchema, timeseriesQuerySchema } from "./metrics-query";

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => [i.path.join("."), i.message]);

describe("metrics query", () => {
  it("parses the window and the filters; empty values are no filter", () => {
    expect(metricsQuerySchema.parse({ from: "2026-03-02T00:00:00Z", to: "2026-03-09T00:00:00+01:00", workflow: " refund ", environment: "canary", release: "" })).toEqual({
      from: new Date("2026-03-02T00:00:00Z"),
      to: new Date("2026-03-08T23:00:00Z"),
      workflow: "refund",
      environment: "canary",
    });
  });

  it("defaults to the 7 days before `to`, and `to` to now", () => {
    expect(metricsQuerySchema.parse({ to: "2026-03-09T00:00:00Z" })).toEqual({ from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-09T00:00:00Z") });
    const before = Date.now();
    const q = metricsQuerySchema.parse({});
    expect(q.to.getTime()).toBeGreaterThanOrEqual(before);
    expect(q.to.getTime() - q.from.getTime()).toBe(7 * 86_400_000);
  });

  it("names the field that is wrong", () => {
    expect(issues(metricsQuerySchema.safeParse({ from: "yesterday" }))).toEqual([["from", "must be an RFC 3339 timestamp, e.g. 2026-05-01T00:00:00Z"]]);
    expect(issues(metricsQuerySchema.safeParse({ from: "2026-03-09T00:00:00Z", to: "2026-03-09T00:00:00Z" }))).toEqual([["to", "must be after 'from'"]]);
    expect(issues(metricsQuerySchema.safeParse({ environment: "prod" }))?.[0]?.[0]).toBe("environment");
    expect(issues(metricsQuerySchema.safeParse({ workflow: "x".repeat(101) }))?.[0]?.[0]).toBe("workflow");
  });

  it("failures: limit 1–100, default 10", () => {
    const base = { from: "2026-03-02T00:00:00Z", to: "2026-03-09T00:00:00Z" };
    expect(failuresQuerySchema.parse(base).limit).toBe(10);
    expect(failuresQuerySchema.parse({ ...base, limit: "100" }).limit).toBe(100);
    for (const bad of ["0", "101", "2.5", "ten"]) expect(issues(failuresQuerySchema.safeParse({ ...base, limit: bad }))?.[0]?.[0]).toBe("limit");
  });
});

describe("timeseries query", () => {
  const base = { from: "2026-03-02T00:00:00Z", to: "2026-03-09T00:00:00Z" };
  it("defaults: runs, day buckets beyond 3 days, UTC", () => {
    expect(timeseriesQuerySchema.parse(base)).toEqual({
      series: "runs", bucket: "day", timeZone: "UTC",
      filter: { from: new Date(base.from), to: new Date(base.to) },
    });
    expect(timeseriesQuerySchema.parse({ ...base, from: "2026-03-08T00:00:00Z", tz: "Europe/Paris" })).toMatchObject({ bucket: "hour", timeZone: "Europe/Paris" });
  });
  it("a tool series needs the tool", () => {
    expect(issues(timeseriesQuerySchema.safeParse({ ...base, series: "tool" }))).toEqual([["tool", "required when series is 'tool'"]]);
    expect(timeseriesQuerySchema.parse({ ...base, series: "tool", tool: "search", workflow: "refund" })).toEqual({
      series: "tool", tool: "search", bucket: "day", timeZone: "UTC",
      filter: { from: new Date(base.from), to: new Date(base.to), workflow: "refund" },
    });
  });
  it("refuses unknown zones and too many buckets", () => {
    expect(issues(timeseriesQuerySchema.safeParse({ ...base, tz: "Mars/Olympus" }))).toEqual([["tz", "must be an IANA time zone, e.g. Europe/Paris"]]);
    expect(issues(timeseriesQuerySchema.safeParse({ from: "2026-01-01T00:00:00Z", to: "2026-06-01T00:00:00Z", bucket: "hour" }))?.[0]?.[0]).toBe("bucket");
  });
});
