// The project's audit trail (latest 50 entries, newest first) for the settings page.
import { apiRoute } from "@/lib/server/http/route";
import { listAuditEntries } from "@/lib/server/queries/settings";
import { auditResponse } from "@/lib/shared/api/settings";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "settings:write", scope: null, response: auditResponse }, async ({ db, project }) => ({
  entries: await listAuditEntries(db, project.id),
}));
