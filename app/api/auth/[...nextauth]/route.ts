import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/server/auth/options";

export const dynamic = "force-dynamic";

// Built per request: the options read the secret, which must not happen at build time.
type Ctx = { params: Promise<{ nextauth: string[] }> };
async function handler(req: Request, ctx: Ctx) {
  return NextAuth(getAuthOptions())(req, ctx);
}

export { handler as GET, handler as POST };
