-- Tool calls keep the two optional fields of CONTRACT §2 (issue 17): the idempotency key the agent
-- sent to a side-effecting tool, and whether the call changes the world (null = not said).

-- AlterTable
ALTER TABLE "tool_calls" ADD COLUMN     "idempotencyKey" VARCHAR(256),
ADD COLUMN     "sideEffect" BOOLEAN;
