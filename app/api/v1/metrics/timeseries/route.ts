// GET /api/v1/metrics/timeseries: the window in hour or day buckets of a time zone.
//   series=runs (default): outcomes, rates, cost, run latency and failure mix per bucket
//   series=workflows: rates per workflow per bucket (sparklines)
//   series=tool&tool=NAME: one tool's calls, error rate and latency per bucket
//   bucket=hour|day (default: hour up to 3 days, else day), tz=IANA zone (default UTC)
import { apiRoute } from "@/lib/server/http/route";
import { getTimeseries } from "@/lib/server/queries/metrics";
import { timeseriesQuerySchema } from "@/lib/shared/metrics-query";
import { timeseriesResponse } from "@/lib/shared/api/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { action: "dashboards:read", query: timeseriesQuerySchema, response: timeseriesResponse },
  async ({ db, project, query }) => {
    const { filter, ...request } = query;
    return getTimeseries(db, { projectId: project.id, ...filter }, request);
  },
);
