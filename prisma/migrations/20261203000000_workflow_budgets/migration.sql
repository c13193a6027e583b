-- Workflow budgets and the breaches found at ingest (issue 17, docs/guardrails.md).

-- CreateEnum
CREATE TYPE "BudgetLimit" AS ENUM ('tool_calls', 'duration', 'tokens', 'cost');

-- CreateTable
CREATE TABLE "workflow_budgets" (
    "projectId" TEXT NOT NULL,
    "workflow" VARCHAR(100) NOT NULL,
    "maxToolCalls" INTEGER,
    "maxDurationMs" INTEGER,
    "maxTokens" INTEGER,
    "maxCostUsd" DOUBLE PRECISION,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_budgets_pkey" PRIMARY KEY ("projectId","workflow")
);

-- CreateTable
CREATE TABLE "run_budget_breaches" (
    "runPk" BIGINT NOT NULL,
    "limit" "BudgetLimit" NOT NULL,
    "projectId" TEXT NOT NULL,
    "runStartedAt" TIMESTAMPTZ(3) NOT NULL,
    "actual" DOUBLE PRECISION NOT NULL,
    "maximum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "run_budget_breaches_pkey" PRIMARY KEY ("runPk","limit","projectId")
);

-- CreateIndex
CREATE INDEX "run_budget_breaches_projectId_runStartedAt_idx" ON "run_budget_breaches"("projectId", "runStartedAt");

-- AddForeignKey
ALTER TABLE "workflow_budgets" ADD CONSTRAINT "workflow_budgets_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_budget_breaches" ADD CONSTRAINT "run_budget_breaches_runPk_projectId_fkey" FOREIGN KEY ("runPk", "projectId") REFERENCES "runs"("pk", "projectId") ON DELETE CASCADE ON UPDATE CASCADE;
