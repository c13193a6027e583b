-- AlterTable
ALTER TABLE "otel_spans" ADD COLUMN     "events" JSONB;

-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "source" VARCHAR(8) NOT NULL DEFAULT 'api';

-- AlterTable
ALTER TABLE "tool_calls" ADD COLUMN     "spanId" VARCHAR(16);

-- CreateTable
CREATE TABLE "otel_remap_jobs" (
    "id" TEXT NOT NULL,
    "projectId" TEXT,
    "since" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'running',
    "cursorProjectId" TEXT,
    "cursorTraceId" TEXT,
    "totalTraces" INTEGER NOT NULL DEFAULT 0,
    "doneTraces" INTEGER NOT NULL DEFAULT 0,
    "runsWritten" INTEGER NOT NULL DEFAULT 0,
    "runsKept" INTEGER NOT NULL DEFAULT 0,
    "tracesWithoutRun" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "actorType" TEXT NOT NULL,
    "actorLabel" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "runner" TEXT,

    CONSTRAINT "otel_remap_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "otel_remap_jobs_projectId_startedAt_idx" ON "otel_remap_jobs"("projectId", "startedAt");

-- AddForeignKey
ALTER TABLE "otel_remap_jobs" ADD CONSTRAINT "otel_remap_jobs_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data (hand-written): runs built from spans before `source` existed carry metadata.source "otel"
-- and an otel_spans root span with their trace id.
UPDATE "runs" r SET "source" = 'otel'
 WHERE r."metadata"->>'source' = 'otel'
   AND EXISTS (SELECT 1 FROM "otel_spans" s WHERE s."projectId" = r."projectId" AND s."traceId" = r."id");
