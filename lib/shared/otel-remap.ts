// A remap of stored OpenTelemetry traces (`keel otel remap`, Settings → OpenTelemetry) as
// GET/POST /api/v1/otel/remap answer it; lib/server/otel/remap.ts makes it, lib/client reads it.

import type { z } from "zod";
import type { REMAP_STATUSES, remapJobSchema } from "./api/otel";

/** `interrupted`: its process stopped midway; `failed`: an error (lastError). Both resume. */
export type RemapStatus = (typeof REMAP_STATUSES)[number];

/** The shape is the response schema of lib/shared/api/otel.ts. */
export type RemapJob = z.infer<typeof remapJobSchema>;
