import "server-only";
// The filter every metric takes and the SQL it becomes. Window [from, to) on the run's start;
// the project is always $1 and appears in the WHERE of every table a query reads.
import type { MetricsWindowFilter } from "@/lib/shared/metrics-query";
import type { Dim } from "../../rollups/maintain";

export interface MetricsFilter extends MetricsWindowFilter {
  projectId: string;
}

/** Parameter list that hands out `$n` placeholders. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

export interface FilterSql {
  params: Params;
  /** `$n` of the project id, the window start and end. */
  project: string;
  from: string;
  to: string;
  /** Conditions on the run's own columns (workflow, environment, release), as `alias`."col" … */
  runColumns: (alias: string) => string[];
  hasRunColumns: boolean;
  /** The run dimensions the filter narrows (a rollup projection must keep them). */
  dims: Dim[];
  /** `$n` of the release when the filter narrows by release only (no workflow, no environment). */
  releaseOnly: string | null;
}

export function filterSql(f: MetricsFilter): FilterSql {
  const params = new Params();
  const project = params.add(f.projectId);
  const from = params.add(f.from);
  const to = params.add(f.to);
  const workflow = f.workflow !== undefined ? params.add(f.workflow) : null;
  const environment = f.environment !== undefined ? params.add(f.environment) : null;
  const release = f.release !== undefined ? params.add(f.release) : null;
  return {
    params,
    project,
    from,
    to,
    hasRunColumns: workflow !== null || environment !== null || release !== null,
    releaseOnly: release !== null && workflow === null && environment === null ? release : null,
    dims: [...(workflow ? ["workflow" as const] : []), ...(environment ? ["environment" as const] : []), ...(release ? ["release" as const] : [])],
    runColumns: (a) => [
      ...(workflow ? [`${a}."workflow" = ${workflow}`] : []),
      ...(environment ? [`${a}."environment" = ${environment}::"Environment"`] : []),
      ...(release ? [`${a}."release" = ${release}`] : []),
    ],
  };
}

/** WHERE of runs `a` in the window, narrowed by the filter. */
export function runsWhere(s: FilterSql, a = "r"): string {
  return [`${a}."projectId" = ${s.project}`, `${a}."startedAt" >= ${s.from}`, `${a}."startedAt" < ${s.to}`, ...s.runColumns(a)].join(
    " AND ",
  );
}

/**
 * FROM + WHERE of tool calls `tc` of the runs in the window. runStartedAt is the run's start
 * copied onto the call, so the window needs no join; the run is joined only to narrow by its
 * workflow, environment or release (or when the caller groups by a run column: `joinRun`).
 */
export function toolCallsFromWhere(s: FilterSql, extra: string[] = [], opts: { joinRun?: boolean } = {}): string {
  const where = [`tc."projectId" = ${s.project}`, `tc."runStartedAt" >= ${s.from}`, `tc."runStartedAt" < ${s.to}`, ...extra];
  if (!s.hasRunColumns && !opts.joinRun) return `FROM "tool_calls" tc WHERE ${where.join(" AND ")}`;
  return `FROM "tool_calls" tc JOIN "runs" r ON r."pk" = tc."runPk"
    WHERE ${[...where, `r."projectId" = ${s.project}`, ...s.runColumns("r")].join(" AND ")}`;
}

/**
 * WHERE of incidents `i` opened in the window. Incidents have no workflow of their own: with a
 * workflow/environment/release filter, an incident counts when one of its linked runs matches it.
 */
export function incidentsWhere(s: FilterSql): string {
  const where = [`i."projectId" = ${s.project}`, `i."openedAt" >= ${s.from}`, `i."openedAt" < ${s.to}`];
  if (s.hasRunColumns)
    where.push(`EXISTS (SELECT 1 FROM "incident_runs" ir JOIN "runs" ri ON ri."pk" = ir."runPk"
      WHERE ir."incidentId" = i."id" AND ri."projectId" = ${s.project} AND ${s.runColumns("ri").join(" AND ")})`);
  return where.join(" AND ");
}

export function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}
