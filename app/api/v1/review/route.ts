// GET /api/v1/review?week=2026-W42 (CONTRACT §6); without `week`, the last full ISO week.
import { apiRoute } from "@/lib/server/http/route";
import { getWeeklyReview } from "@/lib/server/queries/review";
import { lastFullWeek, parseIsoWeek } from "@/lib/shared/iso-week";
import { reviewQuerySchema } from "@/lib/shared/review";
import { reviewSchema } from "@/lib/shared/api/review";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "dashboards:read", query: reviewQuerySchema, response: reviewSchema }, async ({ db, project, query }) => {
  const week = (query.week ? parseIsoWeek(query.week) : null) ?? lastFullWeek();
  return getWeeklyReview(db, project.id, week);
});
