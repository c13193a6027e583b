-- Quality drift margin (issue 17, docs/quality.md): a project setting read by GET /api/v1/metrics/quality.

-- AlterTable
ALTER TABLE "project_settings" ADD COLUMN     "qualityDriftMargin" DOUBLE PRECISION NOT NULL DEFAULT 0.05;
