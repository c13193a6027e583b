-- CreateTable
CREATE TABLE "objectives" (
    "projectId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "workflow" VARCHAR(100),
    "sli" VARCHAR(32) NOT NULL,
    "tool" VARCHAR(100),
    "thresholdMs" INTEGER,
    "target" DOUBLE PRECISION NOT NULL,
    "periodDays" INTEGER NOT NULL DEFAULT 28,
    "status" VARCHAR(16) NOT NULL DEFAULT 'draft',
    "approvedById" TEXT,
    "approvedAt" TIMESTAMPTZ(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "objectives_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "projectId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "objectiveId" TEXT NOT NULL,
    "firingKey" TEXT,
    "level" VARCHAR(8) NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "firedAt" TIMESTAMPTZ(3) NOT NULL,
    "resolvedAt" TIMESTAMPTZ(3),
    "clearSince" TIMESTAMPTZ(3),
    "lastEvaluatedAt" TIMESTAMPTZ(3) NOT NULL,
    "burnRates" JSONB NOT NULL,
    "budgetRemaining" DOUBLE PRECISION,
    "acknowledgedById" TEXT,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "silencedUntil" TIMESTAMPTZ(3),
    "incidentNumber" INTEGER,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "projectId" TEXT NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "alertId" TEXT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "actorUserId" TEXT,
    "payload" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateIndex
CREATE INDEX "objectives_projectId_status_idx" ON "objectives"("projectId", "status");

-- CreateIndex
CREATE INDEX "alerts_projectId_status_firedAt_idx" ON "alerts"("projectId", "status", "firedAt");

-- CreateIndex
CREATE INDEX "alerts_projectId_objectiveId_firedAt_idx" ON "alerts"("projectId", "objectiveId", "firedAt");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_projectId_firingKey_key" ON "alerts"("projectId", "firingKey");

-- CreateIndex
CREATE INDEX "alert_events_projectId_alertId_at_idx" ON "alert_events"("projectId", "alertId", "at");

-- AddForeignKey
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_projectId_objectiveId_fkey" FOREIGN KEY ("projectId", "objectiveId") REFERENCES "objectives"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_projectId_alertId_fkey" FOREIGN KEY ("projectId", "alertId") REFERENCES "alerts"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
