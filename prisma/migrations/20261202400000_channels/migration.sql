-- Notification channels and their deliveries (issue 15, CONTRACT §8).

-- CreateTable
CREATE TABLE "notification_channels" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "type" VARCHAR(16) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "url" TEXT NOT NULL,
    "routingKey" TEXT,
    "secret" TEXT,
    "severities" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "notification_channels_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" VARCHAR(40) NOT NULL,
    "projectId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "type" VARCHAR(32) NOT NULL,
    "dedupKey" VARCHAR(200) NOT NULL,
    "severity" VARCHAR(16),
    "payload" JSONB NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "lastStatusCode" INTEGER,
    "lastAttemptAt" TIMESTAMPTZ(3),
    "deliveredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "alertId" TEXT,

    CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateIndex
CREATE INDEX "notification_deliveries_status_nextAttemptAt_idx" ON "notification_deliveries"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "notification_deliveries_projectId_channelId_createdAt_idx" ON "notification_deliveries"("projectId", "channelId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "notification_deliveries_projectId_alertId_idx" ON "notification_deliveries"("projectId", "alertId");

-- AddForeignKey
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_projectId_channelId_fkey" FOREIGN KEY ("projectId", "channelId") REFERENCES "notification_channels"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
