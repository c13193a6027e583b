-- CreateTable
CREATE TABLE "otel_spans" (
    "pk" BIGSERIAL NOT NULL,
    "projectId" TEXT NOT NULL,
    "traceId" VARCHAR(32) NOT NULL,
    "spanId" VARCHAR(16) NOT NULL,
    "parentSpanId" VARCHAR(16),
    "name" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3) NOT NULL,
    "statusCode" INTEGER NOT NULL,
    "statusMessage" TEXT,
    "attributes" JSONB NOT NULL,
    "resourceAttributes" JSONB,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "otel_spans_pkey" PRIMARY KEY ("pk")
);

-- CreateIndex
CREATE UNIQUE INDEX "otel_spans_projectId_traceId_spanId_key" ON "otel_spans"("projectId", "traceId", "spanId");

-- AddForeignKey
ALTER TABLE "otel_spans" ADD CONSTRAINT "otel_spans_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
