import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/server/db";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await getDatabase();
    await db.sql.query("SELECT 1");
    return NextResponse.json({ status: "ok" });
  } catch (err) {
    return NextResponse.json(
      { status: "unavailable", message: err instanceof Error ? err.message : String(err) },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
}
