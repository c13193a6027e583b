-- AlterTable
ALTER TABLE "audit_logs" ADD COLUMN     "actorType" TEXT NOT NULL DEFAULT 'user',
ADD COLUMN     "actorLabel" TEXT;

-- CreateTable
CREATE TABLE "incident_events" (
    "id" BIGSERIAL NOT NULL,
    "incidentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorUserId" TEXT,
    "body" TEXT,
    "payload" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incident_events_incidentId_at_idx" ON "incident_events"("incidentId", "at");

-- AddForeignKey
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Data (hand-written): rows written by a key before actorType existed; every incident opened
-- before the timeline existed gets its "opened" event.
UPDATE "audit_logs" SET "actorType" = 'api_key' WHERE "actorApiKeyId" IS NOT NULL AND "actorUserId" IS NULL;
INSERT INTO "incident_events" ("incidentId", "kind", "actorUserId", "at")
SELECT "id", 'opened', "createdById", "openedAt" FROM "incidents";
