-- Hourly objective counts (issue 15): the good/total events of each objective per whole UTC hour,
-- computed from raw rows by the alert evaluator and kept while the hour's revision is unchanged.
-- rollup_hours.rev takes a new sequence value whenever the ingest path writes (or rewrites) a run
-- of that hour, in the run's own transaction, so a cached hour whose rev differs is stale.

-- CreateTable
CREATE TABLE "rollup_hours" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "rev" BIGSERIAL NOT NULL,

    CONSTRAINT "rollup_hours_pkey" PRIMARY KEY ("projectId","hour")
);

-- CreateTable
CREATE TABLE "objective_hours" (
    "projectId" TEXT NOT NULL,
    "objectiveId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "spec" VARCHAR(300) NOT NULL,
    "rev" BIGINT NOT NULL,
    "good" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,

    CONSTRAINT "objective_hours_pkey" PRIMARY KEY ("projectId","objectiveId","hour")
);

-- AddForeignKey
ALTER TABLE "rollup_hours" ADD CONSTRAINT "rollup_hours_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objective_hours" ADD CONSTRAINT "objective_hours_projectId_objectiveId_fkey" FOREIGN KEY ("projectId", "objectiveId") REFERENCES "objectives"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every hour that already holds runs gets its first revision.
INSERT INTO "rollup_hours" ("projectId", "hour")
SELECT DISTINCT "projectId", date_trunc('hour', "startedAt", 'UTC') FROM "runs";
