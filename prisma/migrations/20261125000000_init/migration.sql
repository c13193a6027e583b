-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'sre', 'owner', 'admin');

-- CreateEnum
CREATE TYPE "ApiScope" AS ENUM ('ingest', 'read');

-- CreateEnum
CREATE TYPE "Environment" AS ENUM ('production', 'canary', 'staging', 'sandbox');

-- CreateEnum
CREATE TYPE "Outcome" AS ENUM ('success', 'failure', 'escalated');

-- CreateEnum
CREATE TYPE "FailureCategory" AS ENUM ('tool_error', 'policy_violation', 'context_failure', 'model_failure');

-- CreateEnum
CREATE TYPE "ToolCallStatus" AS ENUM ('ok', 'error', 'timeout', 'blocked');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('SEV1', 'SEV2', 'SEV3');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'mitigated', 'resolved');

-- CreateEnum
CREATE TYPE "FixStatus" AS ENUM ('open', 'in_progress', 'fixed', 'wont_fix');

-- CreateTable
CREATE TABLE "projects" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_settings" (
    "projectId" TEXT NOT NULL,
    "goldSetMinPassRate" DOUBLE PRECISION NOT NULL DEFAULT 0.85,
    "maxCriticalPolicyViolations" INTEGER NOT NULL DEFAULT 0,
    "runP95TargetMs" INTEGER NOT NULL DEFAULT 30000,
    "canaryEscalationMargin" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "ingestRatePerSecond" DOUBLE PRECISION NOT NULL DEFAULT 50,
    "ingestBurst" INTEGER NOT NULL DEFAULT 100,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_settings_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("projectId","userId")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" "ApiScope"[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "pk" BIGSERIAL NOT NULL,
    "projectId" TEXT NOT NULL,
    "id" VARCHAR(128) NOT NULL,
    "traceId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "environment" "Environment" NOT NULL DEFAULT 'production',
    "model" TEXT NOT NULL,
    "promptVersion" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "outcome" "Outcome" NOT NULL,
    "failureCategory" "FailureCategory",
    "failureReason" VARCHAR(200),
    "failureCritical" BOOLEAN NOT NULL DEFAULT false,
    "escalationReason" VARCHAR(200),
    "reviewCostUsd" DOUBLE PRECISION,
    "inputTokens" INTEGER,
    "outputTokens" INTEGER,
    "costUsd" DOUBLE PRECISION NOT NULL,
    "qualityScore" DOUBLE PRECISION,
    "metadata" JSONB,
    "toolCallCount" INTEGER NOT NULL DEFAULT 0,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "runs_pkey" PRIMARY KEY ("pk")
);

-- CreateTable
CREATE TABLE "tool_calls" (
    "runPk" BIGINT NOT NULL,
    "seq" INTEGER NOT NULL,
    "projectId" TEXT NOT NULL,
    "runStartedAt" TIMESTAMPTZ(3) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3) NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "status" "ToolCallStatus" NOT NULL,
    "errorType" TEXT,
    "retry" BOOLEAN NOT NULL DEFAULT false,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "input" TEXT,
    "inputTruncated" BOOLEAN NOT NULL DEFAULT false,
    "outputTruncated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "tool_calls_pkey" PRIMARY KEY ("runPk","seq")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "description" TEXT,
    "failureCategory" "FailureCategory",
    "failureReason" TEXT,
    "ownerId" TEXT,
    "createdById" TEXT,
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mitigatedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_runs" (
    "incidentId" TEXT NOT NULL,
    "runPk" BIGINT NOT NULL,
    "linkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_runs_pkey" PRIMARY KEY ("incidentId","runPk")
);

-- CreateTable
CREATE TABLE "fix_items" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "category" "FailureCategory" NOT NULL,
    "reason" VARCHAR(200) NOT NULL,
    "ownerId" TEXT NOT NULL,
    "dueDate" DATE NOT NULL,
    "status" "FixStatus" NOT NULL DEFAULT 'open',
    "notes" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fix_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fix_item_changes" (
    "id" BIGSERIAL NOT NULL,
    "fixItemId" TEXT NOT NULL,
    "actorId" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "field" TEXT NOT NULL,
    "oldValue" TEXT,
    "newValue" TEXT,

    CONSTRAINT "fix_item_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "eval_results" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "goldSet" TEXT NOT NULL,
    "passed" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "ranAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "eval_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "projectId" TEXT,
    "actorUserId" TEXT,
    "actorApiKeyId" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "projects_slug_key" ON "projects"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "memberships_userId_idx" ON "memberships"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE INDEX "api_keys_projectId_idx" ON "api_keys"("projectId");

-- CreateIndex
CREATE INDEX "runs_projectId_startedAt_id_idx" ON "runs"("projectId", "startedAt" DESC, "id");

-- CreateIndex
CREATE INDEX "runs_projectId_workflow_startedAt_idx" ON "runs"("projectId", "workflow", "startedAt");

-- CreateIndex
CREATE INDEX "runs_projectId_release_startedAt_idx" ON "runs"("projectId", "release", "startedAt");

-- CreateIndex
CREATE INDEX "runs_projectId_environment_startedAt_idx" ON "runs"("projectId", "environment", "startedAt");

-- CreateIndex
CREATE INDEX "runs_projectId_outcome_startedAt_idx" ON "runs"("projectId", "outcome", "startedAt");

-- CreateIndex
CREATE INDEX "runs_projectId_failureCategory_failureReason_startedAt_idx" ON "runs"("projectId", "failureCategory", "failureReason", "startedAt");

-- CreateIndex
CREATE INDEX "runs_projectId_sessionId_startedAt_idx" ON "runs"("projectId", "sessionId", "startedAt");

-- CreateIndex
CREATE INDEX "runs_projectId_traceId_idx" ON "runs"("projectId", "traceId");

-- CreateIndex
CREATE UNIQUE INDEX "runs_projectId_id_key" ON "runs"("projectId", "id");

-- CreateIndex
CREATE INDEX "tool_calls_projectId_name_runStartedAt_idx" ON "tool_calls"("projectId", "name", "runStartedAt");

-- CreateIndex
CREATE INDEX "tool_calls_projectId_runStartedAt_idx" ON "tool_calls"("projectId", "runStartedAt");

-- CreateIndex
CREATE INDEX "incidents_projectId_openedAt_idx" ON "incidents"("projectId", "openedAt");

-- CreateIndex
CREATE UNIQUE INDEX "incidents_projectId_number_key" ON "incidents"("projectId", "number");

-- CreateIndex
CREATE INDEX "incident_runs_runPk_idx" ON "incident_runs"("runPk");

-- CreateIndex
CREATE INDEX "fix_items_projectId_category_reason_idx" ON "fix_items"("projectId", "category", "reason");

-- CreateIndex
CREATE INDEX "fix_items_projectId_ownerId_idx" ON "fix_items"("projectId", "ownerId");

-- CreateIndex
CREATE INDEX "fix_items_projectId_status_dueDate_idx" ON "fix_items"("projectId", "status", "dueDate");

-- CreateIndex
CREATE INDEX "fix_item_changes_fixItemId_at_idx" ON "fix_item_changes"("fixItemId", "at");

-- CreateIndex
CREATE INDEX "eval_results_projectId_release_ranAt_idx" ON "eval_results"("projectId", "release", "ranAt");

-- CreateIndex
CREATE INDEX "audit_logs_projectId_at_idx" ON "audit_logs"("projectId", "at");

-- AddForeignKey
ALTER TABLE "project_settings" ADD CONSTRAINT "project_settings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_calls" ADD CONSTRAINT "tool_calls_runPk_fkey" FOREIGN KEY ("runPk") REFERENCES "runs"("pk") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_runs" ADD CONSTRAINT "incident_runs_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_runs" ADD CONSTRAINT "incident_runs_runPk_fkey" FOREIGN KEY ("runPk") REFERENCES "runs"("pk") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fix_items" ADD CONSTRAINT "fix_items_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fix_items" ADD CONSTRAINT "fix_items_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fix_items" ADD CONSTRAINT "fix_items_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fix_item_changes" ADD CONSTRAINT "fix_item_changes_fixItemId_fkey" FOREIGN KEY ("fixItemId") REFERENCES "fix_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fix_item_changes" ADD CONSTRAINT "fix_item_changes_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eval_results" ADD CONSTRAINT "eval_results_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

