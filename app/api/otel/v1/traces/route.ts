// POST /api/otel/v1/traces (CONTRACT §7): OTLP/HTTP traces, JSON or protobuf, gzip or not, with
// an API key of scope `ingest`; so OTEL_EXPORTER_OTLP_ENDPOINT=<base>/api/otel works. Answers an
// ExportTraceServiceResponse in the request's encoding; errors are JSON like the rest of the API.
import { NextResponse } from "next/server";
import { apiRoute, nonJson } from "@/lib/server/http/route";
import { enforceIngestRateLimit } from "@/lib/server/ingest/rate-limit";
import { ingestOtelSpans } from "@/lib/server/otel";
import { encodingOf, readOtlpBody } from "@/lib/server/otel/body";
import { encodeTraceResponseProtobuf } from "@/lib/server/otel/protobuf";

export const POST = apiRoute(
  {
    action: "runs:ingest",
    scope: "ingest",
    response: nonJson("an OTLP ExportTraceServiceResponse in the request's encoding: protobuf or OTLP JSON"),
  },
   async ({ req, db, project, actor }) => {
  const encoding = encodingOf(req.headers.get("content-type"));
  await enforceIngestRateLimit(db, project.id, actor);
  const decoded = await readOtlpBody(req, encoding);
  const result = await ingestOtelSpans(db, project.id, decoded);
  if (encoding === "protobuf")
    return new Response(Buffer.from(encodeTraceResponseProtobuf(result.rejectedSpans, result.errorMessage)), {
      status: 200,
      headers: { "Content-Type": "application/x-protobuf" },
    });
  const partial = result.rejectedSpans > 0 || result.errorMessage !== "";
  return NextResponse.json(
    partial ? { partialSuccess: { rejectedSpans: result.rejectedSpans, errorMessage: result.errorMessage } } : {},
  );
});
