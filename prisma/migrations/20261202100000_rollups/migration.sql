-- Hourly rollups and latency sketches (issue 14); filled for existing data by `keel rollups rebuild`.

-- CreateTable
CREATE TABLE "run_rollups" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
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

    CONSTRAINT "run_rollups_pkey" PRIMARY KEY ("projectId", "hour", "workflow", "environment", "release")
);

-- CreateTable
CREATE TABLE "run_latency_sketch" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "environment" "Environment" NOT NULL,
    "release" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sumMs" BIGINT NOT NULL,

    CONSTRAINT "run_latency_sketch_pkey" PRIMARY KEY ("projectId", "hour", "workflow", "environment", "release", "bucket")
);

-- CreateTable
CREATE TABLE "tool_rollups" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "environment" "Environment" NOT NULL,
    "release" TEXT NOT NULL,
    "tool" VARCHAR(100) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "retryCostUsd" DECIMAL(65,30) NOT NULL DEFAULT 0,

    CONSTRAINT "tool_rollups_pkey" PRIMARY KEY ("projectId", "hour", "workflow", "environment", "release", "tool")
);

-- CreateTable
CREATE TABLE "tool_latency_sketch" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "environment" "Environment" NOT NULL,
    "release" TEXT NOT NULL,
    "tool" VARCHAR(100) NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sumMs" BIGINT NOT NULL,

    CONSTRAINT "tool_latency_sketch_pkey" PRIMARY KEY ("projectId", "hour", "workflow", "environment", "release", "tool", "bucket")
);

-- CreateTable
CREATE TABLE "session_hours" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "environment" "Environment" NOT NULL,
    "release" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "session_hours_pkey" PRIMARY KEY ("projectId", "hour", "workflow", "environment", "release", "sessionId")
);

-- AddForeignKey
ALTER TABLE "run_rollups" ADD CONSTRAINT "run_rollups_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_latency_sketch" ADD CONSTRAINT "run_latency_sketch_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_rollups" ADD CONSTRAINT "tool_rollups_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_latency_sketch" ADD CONSTRAINT "tool_latency_sketch_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_hours" ADD CONSTRAINT "session_hours_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
