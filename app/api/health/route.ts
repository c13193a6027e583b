import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/server/db";
import { declaredRoute } from "@/lib/server/http/route";
import { healthResponse } from "@/lib/shared/api/misc";

export const dynamic = "force-dynamic";

export const GET = declaredRoute(healthResponse, async () => {
  try {
    const db = await getDatabase();
    await db.sql.query("SELECT 1");
    return NextResponse.json({ status: "ok" });
  } catch (err) {
    // The cause goes to the server log, never to an anonymous caller (it can name the database host).
    console.error("[keel] health check: database unreachable", err);
    return NextResponse.json(
      { status: "unavailable", message: "the database cannot be reached" },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
});
