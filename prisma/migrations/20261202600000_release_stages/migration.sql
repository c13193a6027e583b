-- Release stages, deploy markers and rollback triggers (issue 16, CONTRACT §9).

-- CreateEnum
CREATE TYPE "ReleaseStage" AS ENUM ('sandbox', 'canary', 'expansion', 'full', 'rolled_back');

-- AlterTable
ALTER TABLE "project_settings" ADD COLUMN     "canaryConfidence" DOUBLE PRECISION NOT NULL DEFAULT 0.95,
ADD COLUMN     "canaryLatencyTolerance" DOUBLE PRECISION NOT NULL DEFAULT 0.2;

-- CreateTable
CREATE TABLE "release_events" (
    "projectId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "release" VARCHAR(128) NOT NULL,
    "stage" "ReleaseStage" NOT NULL,
    "trafficPercent" DOUBLE PRECISION,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "source" VARCHAR(16) NOT NULL,
    "dedupKey" VARCHAR(300) NOT NULL,
    "recordedBy" VARCHAR(200),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "release_events_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateTable
CREATE TABLE "release_rollbacks" (
    "projectId" TEXT NOT NULL,
    "release" VARCHAR(128) NOT NULL,
    "stage" "ReleaseStage" NOT NULL,
    "eventId" TEXT NOT NULL,
    "incidentId" TEXT,
    "failedChecks" TEXT[],
    "analysis" JSONB NOT NULL,
    "firedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "release_rollbacks_pkey" PRIMARY KEY ("projectId","release","stage")
);

-- CreateIndex
CREATE INDEX "release_events_projectId_at_idx" ON "release_events"("projectId", "at");

-- CreateIndex
CREATE INDEX "release_events_projectId_release_at_idx" ON "release_events"("projectId", "release", "at");

-- CreateIndex
CREATE UNIQUE INDEX "release_events_projectId_dedupKey_key" ON "release_events"("projectId", "dedupKey");

-- AddForeignKey
ALTER TABLE "release_events" ADD CONSTRAINT "release_events_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "release_rollbacks" ADD CONSTRAINT "release_rollbacks_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
