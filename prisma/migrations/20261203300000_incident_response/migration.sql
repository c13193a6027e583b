-- Incident response (issue 18, docs/incidents.md): a fourth severity tier, the tiers and the
-- stakeholder-update templates as project settings, and incident postmortems.

-- AlterEnum
ALTER TYPE "Severity" ADD VALUE 'SEV4';

-- AlterTable
ALTER TABLE "project_settings" ADD COLUMN     "severityTiers" JSONB,
ADD COLUMN     "updateTemplates" JSONB;

-- CreateTable
CREATE TABLE "incident_postmortems" (
    "incidentId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'draft',
    "updatedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" TEXT,
    "publishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "incident_postmortems_pkey" PRIMARY KEY ("incidentId")
);

-- CreateIndex
CREATE INDEX "incident_postmortems_projectId_idx" ON "incident_postmortems"("projectId");

-- AddForeignKey
ALTER TABLE "incident_postmortems" ADD CONSTRAINT "incident_postmortems_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_postmortems" ADD CONSTRAINT "incident_postmortems_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_postmortems" ADD CONSTRAINT "incident_postmortems_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
