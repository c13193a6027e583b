-- Runbooks, the risk register and the ownership map (issue 18, docs/governance.md).

-- CreateTable
CREATE TABLE "runbooks" (
    "projectId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "body" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "workflow" VARCHAR(100),
    "tool" VARCHAR(100),
    "failureCategory" "FailureCategory",
    "failureReason" VARCHAR(200),
    "ownerId" TEXT,
    "lastReviewedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "runbooks_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateTable
CREATE TABLE "runbook_versions" (
    "projectId" TEXT NOT NULL,
    "runbookId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "body" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "runbook_versions_pkey" PRIMARY KEY ("projectId","runbookId","version")
);

-- CreateTable
CREATE TABLE "risks" (
    "projectId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "category" VARCHAR(32) NOT NULL,
    "likelihood" INTEGER NOT NULL,
    "impact" INTEGER NOT NULL,
    "ownerId" TEXT NOT NULL,
    "mitigation" TEXT NOT NULL DEFAULT '',
    "status" VARCHAR(16) NOT NULL DEFAULT 'open',
    "reviewDate" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "risks_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateTable
CREATE TABLE "risk_links" (
    "projectId" TEXT NOT NULL,
    "riskId" TEXT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "targetId" TEXT NOT NULL,

    CONSTRAINT "risk_links_pkey" PRIMARY KEY ("projectId","riskId","kind","targetId")
);

-- CreateTable
CREATE TABLE "ownership_areas" (
    "projectId" TEXT NOT NULL,
    "key" VARCHAR(64) NOT NULL,
    "label" VARCHAR(100) NOT NULL,
    "userId" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ownership_areas_pkey" PRIMARY KEY ("projectId","key")
);

-- CreateIndex
CREATE INDEX "runbooks_projectId_failureCategory_failureReason_idx" ON "runbooks"("projectId", "failureCategory", "failureReason");

-- CreateIndex
CREATE INDEX "risks_projectId_status_reviewDate_idx" ON "risks"("projectId", "status", "reviewDate");

-- CreateIndex
CREATE INDEX "risk_links_projectId_kind_targetId_idx" ON "risk_links"("projectId", "kind", "targetId");

-- AddForeignKey
ALTER TABLE "runbooks" ADD CONSTRAINT "runbooks_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runbooks" ADD CONSTRAINT "runbooks_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runbook_versions" ADD CONSTRAINT "runbook_versions_projectId_runbookId_fkey" FOREIGN KEY ("projectId", "runbookId") REFERENCES "runbooks"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runbook_versions" ADD CONSTRAINT "runbook_versions_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risks" ADD CONSTRAINT "risks_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risks" ADD CONSTRAINT "risks_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_projectId_riskId_fkey" FOREIGN KEY ("projectId", "riskId") REFERENCES "risks"("projectId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ownership_areas" ADD CONSTRAINT "ownership_areas_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ownership_areas" ADD CONSTRAINT "ownership_areas_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
