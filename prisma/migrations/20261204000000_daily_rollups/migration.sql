-- Daily projections of the hourly rollups (lib/server/rollups/maintain.ts DAILY_TABLES), filled
-- here from the hourly rows so an existing database needs no rebuild; failure_rollups (hourly and
-- daily) for the top failure reasons, filled from the failed runs; an index for blocked tool calls.

-- CreateTable
CREATE TABLE "run_rollups_daily" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "environment" "Environment" NOT NULL,
    "release" TEXT NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "successes" INTEGER NOT NULL DEFAULT 0,
    "escalations" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "toolErrorFailures" INTEGER NOT NULL DEFAULT 0,
    "policyViolationFailures" INTEGER NOT NULL DEFAULT 0,
    "contextFailures" INTEGER NOT NULL DEFAULT 0,
    "modelFailures" INTEGER NOT NULL DEFAULT 0,
    "criticalPolicyViolations" INTEGER NOT NULL DEFAULT 0,
    "totalCostUsd" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "escalatedCostUsd" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "reviewCostUsd" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "retryCostUsd" DECIMAL(65,30) NOT NULL DEFAULT 0,

    CONSTRAINT "run_rollups_daily_pkey" PRIMARY KEY ("projectId", "day", "workflow", "environment", "release")
);

-- CreateTable
CREATE TABLE "tool_rollups_daily" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "environment" "Environment" NOT NULL,
    "release" TEXT NOT NULL,
    "tool" VARCHAR(100) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "retryCostUsd" DECIMAL(65,30) NOT NULL DEFAULT 0,

    CONSTRAINT "tool_rollups_daily_pkey" PRIMARY KEY ("projectId", "day", "workflow", "environment", "release", "tool")
);

-- CreateTable
CREATE TABLE "run_latency_sketch_daily" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sumMs" BIGINT NOT NULL,

    CONSTRAINT "run_latency_sketch_daily_pkey" PRIMARY KEY ("projectId", "day", "bucket")
);

-- CreateTable
CREATE TABLE "run_latency_sketch_daily_wf" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sumMs" BIGINT NOT NULL,

    CONSTRAINT "run_latency_sketch_daily_wf_pkey" PRIMARY KEY ("projectId", "workflow", "day", "bucket")
);

-- CreateTable
CREATE TABLE "run_latency_sketch_daily_rel" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "environment" "Environment" NOT NULL,
    "release" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sumMs" BIGINT NOT NULL,

    CONSTRAINT "run_latency_sketch_daily_rel_pkey" PRIMARY KEY ("projectId", "release", "environment", "day", "bucket")
);

-- CreateTable
CREATE TABLE "tool_latency_sketch_daily" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "tool" VARCHAR(100) NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sumMs" BIGINT NOT NULL,

    CONSTRAINT "tool_latency_sketch_daily_pkey" PRIMARY KEY ("projectId", "day", "tool", "bucket")
);

-- CreateTable
CREATE TABLE "tool_latency_sketch_daily_wf" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "tool" VARCHAR(100) NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sumMs" BIGINT NOT NULL,

    CONSTRAINT "tool_latency_sketch_daily_wf_pkey" PRIMARY KEY ("projectId", "workflow", "day", "tool", "bucket")
);

-- CreateTable
CREATE TABLE "session_days" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "sessionId" TEXT NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "session_days_pkey" PRIMARY KEY ("projectId", "day", "sessionId")
);

-- AddForeignKey
ALTER TABLE "run_rollups_daily" ADD CONSTRAINT "run_rollups_daily_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_rollups_daily" ADD CONSTRAINT "tool_rollups_daily_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_latency_sketch_daily" ADD CONSTRAINT "run_latency_sketch_daily_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_latency_sketch_daily_wf" ADD CONSTRAINT "run_latency_sketch_daily_wf_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_latency_sketch_daily_rel" ADD CONSTRAINT "run_latency_sketch_daily_rel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_latency_sketch_daily" ADD CONSTRAINT "tool_latency_sketch_daily_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_latency_sketch_daily_wf" ADD CONSTRAINT "tool_latency_sketch_daily_wf_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_days" ADD CONSTRAINT "session_days_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "failure_rollups" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "environment" "Environment" NOT NULL,
    "release" TEXT NOT NULL,
    "category" "FailureCategory" NOT NULL,
    "reason" VARCHAR(200) NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "failure_rollups_pkey" PRIMARY KEY ("projectId", "hour", "workflow", "environment", "release", "category", "reason")
);

-- CreateTable
CREATE TABLE "failure_rollups_daily" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "environment" "Environment" NOT NULL,
    "release" TEXT NOT NULL,
    "category" "FailureCategory" NOT NULL,
    "reason" VARCHAR(200) NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "failure_rollups_daily_pkey" PRIMARY KEY ("projectId", "day", "workflow", "environment", "release", "category", "reason")
);

-- CreateIndex
CREATE INDEX "tool_calls_projectId_status_runStartedAt_idx" ON "tool_calls"("projectId", "status", "runStartedAt");

-- AddForeignKey
ALTER TABLE "failure_rollups" ADD CONSTRAINT "failure_rollups_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "failure_rollups_daily" ADD CONSTRAINT "failure_rollups_daily_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fill from the raw failed runs, then from the hourly rows
INSERT INTO "failure_rollups" ("projectId", "hour", "workflow", "environment", "release", "category", "reason", "runs")
SELECT r."projectId", date_trunc('hour', r."startedAt", 'UTC'), r."workflow", r."environment", r."release", r."failureCategory", r."failureReason", count(*)
FROM "runs" r WHERE r."outcome" = 'failure' AND r."failureCategory" IS NOT NULL AND r."failureReason" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO "failure_rollups_daily" ("projectId", "day", "workflow", "environment", "release", "category", "reason", "runs")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "workflow", "environment", "release", "category", "reason", sum("runs") FROM "failure_rollups" GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO "run_rollups_daily" ("projectId", "day", "workflow", "environment", "release", "runs", "successes", "escalations", "failures", "toolErrorFailures", "policyViolationFailures", "contextFailures", "modelFailures", "criticalPolicyViolations", "totalCostUsd", "escalatedCostUsd", "reviewCostUsd", "retryCostUsd")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "workflow", "environment", "release", sum("runs"), sum("successes"), sum("escalations"), sum("failures"), sum("toolErrorFailures"), sum("policyViolationFailures"), sum("contextFailures"), sum("modelFailures"), sum("criticalPolicyViolations"), sum("totalCostUsd"), sum("escalatedCostUsd"), sum("reviewCostUsd"), sum("retryCostUsd") FROM "run_rollups" WHERE "runs" <> 0 GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "tool_rollups_daily" ("projectId", "day", "workflow", "environment", "release", "tool", "calls", "errors", "retryCostUsd")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "workflow", "environment", "release", "tool", sum("calls"), sum("errors"), sum("retryCostUsd") FROM "tool_rollups" WHERE "calls" <> 0 GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "run_latency_sketch_daily" ("projectId", "day", "bucket", "count", "sumMs")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "bucket", sum("count"), sum("sumMs") FROM "run_latency_sketch" WHERE "count" <> 0 GROUP BY 1, 2, 3;

INSERT INTO "run_latency_sketch_daily_wf" ("projectId", "day", "workflow", "bucket", "count", "sumMs")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "workflow", "bucket", sum("count"), sum("sumMs") FROM "run_latency_sketch" WHERE "count" <> 0 GROUP BY 1, 2, 3, 4;

INSERT INTO "run_latency_sketch_daily_rel" ("projectId", "day", "environment", "release", "bucket", "count", "sumMs")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "environment", "release", "bucket", sum("count"), sum("sumMs") FROM "run_latency_sketch" WHERE "count" <> 0 GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "tool_latency_sketch_daily" ("projectId", "day", "tool", "bucket", "count", "sumMs")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "tool", "bucket", sum("count"), sum("sumMs") FROM "tool_latency_sketch" WHERE "count" <> 0 GROUP BY 1, 2, 3, 4;

INSERT INTO "tool_latency_sketch_daily_wf" ("projectId", "day", "workflow", "tool", "bucket", "count", "sumMs")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "workflow", "tool", "bucket", sum("count"), sum("sumMs") FROM "tool_latency_sketch" WHERE "count" <> 0 GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "session_days" ("projectId", "day", "sessionId", "runs")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "sessionId", sum("runs") FROM "session_hours" WHERE "runs" <> 0 GROUP BY 1, 2, 3;
