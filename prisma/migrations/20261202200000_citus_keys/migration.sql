-- Citus-ready keys (issue 14, docs/scaling.md): every primary key and unique constraint of a
-- table that would be distributed by "projectId" includes "projectId", and a foreign key between
-- two such tables carries "projectId" on both sides, so no row can point into another project.
-- "projectId" goes last in the new keys: lookups by "pk" / "runPk" alone keep using them.

-- The foreign keys onto runs' old primary key go first.
ALTER TABLE "tool_calls" DROP CONSTRAINT "tool_calls_runPk_fkey";
ALTER TABLE "incident_runs" DROP CONSTRAINT "incident_runs_runPk_fkey";

ALTER TABLE "runs" DROP CONSTRAINT "runs_pkey",
  ADD CONSTRAINT "runs_pkey" PRIMARY KEY ("pk", "projectId");

ALTER TABLE "tool_calls" DROP CONSTRAINT "tool_calls_pkey",
  ADD CONSTRAINT "tool_calls_pkey" PRIMARY KEY ("runPk", "seq", "projectId");

-- incident_runs is distributed with the runs it links: it carries the run's project.
ALTER TABLE "incident_runs" ADD COLUMN "projectId" TEXT;
UPDATE "incident_runs" ir SET "projectId" = r."projectId" FROM "runs" r WHERE r."pk" = ir."runPk";
ALTER TABLE "incident_runs" ALTER COLUMN "projectId" SET NOT NULL;
ALTER TABLE "incident_runs" DROP CONSTRAINT "incident_runs_pkey",
  ADD CONSTRAINT "incident_runs_pkey" PRIMARY KEY ("incidentId", "runPk", "projectId");

ALTER TABLE "otel_spans" DROP CONSTRAINT "otel_spans_pkey",
  ADD CONSTRAINT "otel_spans_pkey" PRIMARY KEY ("pk", "projectId");

ALTER TABLE "tool_calls" ADD CONSTRAINT "tool_calls_runPk_projectId_fkey" FOREIGN KEY ("runPk", "projectId") REFERENCES "runs"("pk", "projectId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incident_runs" ADD CONSTRAINT "incident_runs_runPk_projectId_fkey" FOREIGN KEY ("runPk", "projectId") REFERENCES "runs"("pk", "projectId") ON DELETE CASCADE ON UPDATE CASCADE;
