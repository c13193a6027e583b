// OpenSLO v1 export → import round trip and the import's errors.
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { exportOpenSlo, importOpenSlo } from "./openslo";

const OBJECTIVES = [
  { id: "ckA1", workflow: "refund-request", sli: "success_rate" as const, tool: null, thresholdMs: null, target: 0.95, periodDays: 28 },
  { id: "ckB2", workflow: null, sli: "tool_latency" as const, tool: "ticketing.create", thresholdMs: 2000, target: 0.99, periodDays: 7 },
];

describe("OpenSLO v1", () => {
  it("exports an AlertPolicy with the three burn-rate conditions and one SLO with a ratioMetric per objective", () => {
    const docs = parseAllDocuments(exportOpenSlo(OBJECTIVES, "acme")).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(["AlertPolicy", "SLO", "SLO"]);
    expect(docs[0].spec.conditions.map((c: { spec: { severity: string; condition: object } }) => [c.spec.severity, c.spec.condition])).toEqual([
      ["page", { kind: "burnrate", op: "gte", threshold: 14.4, lookbackWindow: "1h", alertAfter: "5m" }],
      ["page", { kind: "burnrate", op: "gte", threshold: 6, lookbackWindow: "6h", alertAfter: "30m" }],
      ["ticket", { kind: "burnrate", op: "gte", threshold: 1, lookbackWindow: "3d", alertAfter: "6h" }],
    ]);
    expect(docs[1]).toMatchObject({
      apiVersion: "openslo/v1",
      metadata: { name: "keel-cka1", annotations: { "keel.dev/sli": "success_rate", "keel.dev/workflow": "refund-request" } },
      spec: {
        service: "acme",
        budgetingMethod: "Occurrences",
        timeWindow: [{ duration: "28d", isRolling: true }],
        objectives: [{ target: 0.95 }],
        indicator: { spec: { ratioMetric: { good: { metricSource: { spec: { query: 'runs where outcome = "success" and workflow = "refund-request"' } } } } } },
      },
    });
  });

  it("imports its own export back to the same objectives", () => {
    const r = importOpenSlo(exportOpenSlo(OBJECTIVES, "acme"));
    expect(r).toEqual({
      ok: true,
      objectives: [
        { sli: "success_rate", workflow: "refund-request", target: 0.95, periodDays: 28 },
        { sli: "tool_latency", tool: "ticketing.create", thresholdMs: 2000, target: 0.99, periodDays: 7 },
      ],
    });
  });

  it("names the document and field of a mistake", () => {
    const yaml = exportOpenSlo([OBJECTIVES[0]], "acme").replace("target: 0.95", "target: 1").replace("duration: 28d", "duration: 2w");
    expect(importOpenSlo(yaml)).toEqual({ ok: false, issues: [{ path: "documents.1.spec.objectives.0.target", message: expect.stringContaining("zero error budget") }] });
    const noSli = exportOpenSlo([OBJECTIVES[0]], "acme").replace("keel.dev/sli: success_rate", "team: payments");
    expect(importOpenSlo(noSli)).toMatchObject({ ok: false, issues: [{ path: "documents.1.metadata.annotations.keel.dev/sli" }] });
    expect(importOpenSlo("kind: Service\n")).toMatchObject({ ok: false, issues: [{ path: "yaml" }] });
  });
});
