-- Guardrail detections kept with their run, and the project settings the detectors read (issue 17).

-- CreateEnum
CREATE TYPE "DetectionKind" AS ENUM ('repeated_call', 'cycle', 'failure_streak', 'duplicate_side_effect');

-- AlterTable
ALTER TABLE "project_settings" ADD COLUMN     "repeatedCallThreshold" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "cycleRoundsThreshold" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "failureStreakThreshold" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "sideEffectTools" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "run_detections" (
    "runPk" BIGINT NOT NULL,
    "seq" INTEGER NOT NULL,
    "projectId" TEXT NOT NULL,
    "runStartedAt" TIMESTAMPTZ(3) NOT NULL,
    "kind" "DetectionKind" NOT NULL,
    "tool" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "wastedCostUsd" DOUBLE PRECISION NOT NULL,
    "calls" INTEGER[],

    CONSTRAINT "run_detections_pkey" PRIMARY KEY ("runPk","seq","projectId")
);

-- CreateIndex
CREATE INDEX "run_detections_projectId_kind_runStartedAt_idx" ON "run_detections"("projectId", "kind", "runStartedAt");

-- AddForeignKey
ALTER TABLE "run_detections" ADD CONSTRAINT "run_detections_runPk_projectId_fkey" FOREIGN KEY ("runPk", "projectId") REFERENCES "runs"("pk", "projectId") ON DELETE CASCADE ON UPDATE CASCADE;
