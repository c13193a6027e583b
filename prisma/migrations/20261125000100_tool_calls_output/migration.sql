-- The init migration missed tool_calls.output (schema.prisma: ToolCall.output String?).
-- IF NOT EXISTS: harmless on a database where it was added by hand.
ALTER TABLE "tool_calls" ADD COLUMN IF NOT EXISTS "output" TEXT;
