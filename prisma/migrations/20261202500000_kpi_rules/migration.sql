-- KPI threshold rules (issue 15): alerts of either an objective or a KPI rule.

-- CreateTable
CREATE TABLE "kpi_rules" (
    "projectId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" VARCHAR(100),
    "workflow" VARCHAR(100),
    "metric" VARCHAR(40) NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "windowMinutes" INTEGER NOT NULL DEFAULT 60,
    "level" VARCHAR(8) NOT NULL DEFAULT 'ticket',
    "status" VARCHAR(16) NOT NULL DEFAULT 'draft',
    "approvedById" TEXT,
    "approvedAt" TIMESTAMPTZ(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_rules_pkey" PRIMARY KEY ("projectId","id")
);

-- AlterTable
ALTER TABLE "alerts" ALTER COLUMN "objectiveId" DROP NOT NULL,
ADD COLUMN     "kpiRuleId" TEXT,
ADD COLUMN     "kpiValue" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "kpi_rules_projectId_status_idx" ON "kpi_rules"("projectId", "status");

-- CreateIndex
CREATE INDEX "alerts_projectId_kpiRuleId_firedAt_idx" ON "alerts"("projectId", "kpiRuleId", "firedAt");

-- AddForeignKey
ALTER TABLE "kpi_rules" ADD CONSTRAINT "kpi_rules_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kpi_rules" ADD CONSTRAINT "kpi_rules_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kpi_rules" ADD CONSTRAINT "kpi_rules_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_projectId_kpiRuleId_fkey" FOREIGN KEY ("projectId", "kpiRuleId") REFERENCES "kpi_rules"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
