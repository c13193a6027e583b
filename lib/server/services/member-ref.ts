import "server-only";
// People named by email in governance writes (runbook owners, risk owners, area owners) must be
// members of the project (any role): else a 400 naming the field.
import type { DbOrTx } from "../db/handle";
import { badRequest } from "../http/errors";

export async function resolveMemberId(db: DbOrTx, projectId: string, email: string, field: string): Promise<string> {
  const m = await db.prisma.membership.findFirst({
    where: { projectId, user: { email: email.trim().toLowerCase() } },
    select: { userId: true },
  });
  if (!m) throw badRequest(`${field}: ${email} is not a member of this project`, [{ path: field, message: "must be the email of a member of this project" }]);
  return m.userId;
}
