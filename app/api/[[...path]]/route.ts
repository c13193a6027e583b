// Every /api path no route answers (an unknown endpoint, a typo, a version that does not exist):
// a JSON 404 in the API's error shape ({"error", "message"}, lib/server/http/errors.ts), for
// every method, instead of the app's HTML not-found page. Real routes are more specific than an
// optional catch-all, so they always win (app/api/v1/**, app/api/auth/**, app/api/otel/**,
// app/api/health); a real route asked with a method it does not have answers 405 itself.
import type { NextRequest } from "next/server";
import { notFound } from "@/lib/server/http/errors";
import { declaredRoute, errorResponse, nonJson } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

// Never a success: every answer is the 404 error body.
const unknownEndpoint = declaredRoute(nonJson("no endpoint here: only the 404 error body"), async (req: NextRequest) =>
  errorResponse(notFound(`no API endpoint ${req.method} ${req.nextUrl.pathname}`)),
);

export const GET = unknownEndpoint;
export const HEAD = unknownEndpoint;
export const POST = unknownEndpoint;
export const PUT = unknownEndpoint;
export const PATCH = unknownEndpoint;
export const DELETE = unknownEndpoint;
export const OPTIONS = unknownEndpoint;
