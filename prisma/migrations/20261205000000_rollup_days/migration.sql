-- The daily projections leave the ingest transaction (issue 14: ingest throughput): a background
-- fold sums a day's hourly rows into them and records here the highest hour revision
-- (rollup_hours.rev) it folded. Reads take a day from a projection only while no hour of that day
-- has a newer revision, and from the hourly rows otherwise. The projections filled by
-- 20261204000000_daily_rollups are current: their days are recorded as folded at today's revisions.
-- Two more session projections (per workflow; per environment × release), filled from session_hours:
-- distinct sessions with a workflow or a release filter (the review's since-release KPIs).

-- CreateTable
CREATE TABLE "rollup_days" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "rev" BIGINT NOT NULL,

    CONSTRAINT "rollup_days_pkey" PRIMARY KEY ("projectId","day")
);

-- CreateTable
CREATE TABLE "session_days_wf" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "sessionId" TEXT NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "session_days_wf_pkey" PRIMARY KEY ("projectId","workflow","day","sessionId")
);

-- CreateTable
CREATE TABLE "session_days_rel" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "environment" "Environment" NOT NULL,
    "release" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "session_days_rel_pkey" PRIMARY KEY ("projectId","release","environment","day","sessionId")
);

-- AddForeignKey
ALTER TABLE "session_days_wf" ADD CONSTRAINT "session_days_wf_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_days_rel" ADD CONSTRAINT "session_days_rel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollup_days" ADD CONSTRAINT "rollup_days_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "rollup_days" ("projectId", "day", "rev")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), max("rev") FROM "rollup_hours" GROUP BY 1, 2;

INSERT INTO "session_days_wf" ("projectId", "day", "workflow", "sessionId", "runs")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "workflow", "sessionId", sum("runs")
  FROM "session_hours" WHERE "runs" <> 0 GROUP BY 1, 2, 3, 4;

INSERT INTO "session_days_rel" ("projectId", "day", "environment", "release", "sessionId", "runs")
SELECT "projectId", date_trunc('day', "hour", 'UTC'), "environment", "release", "sessionId", sum("runs")
  FROM "session_hours" WHERE "runs" <> 0 GROUP BY 1, 2, 3, 4, 5;
