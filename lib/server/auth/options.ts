import "server-only";
// next-auth 4: email + password (credentials), JWT sessions. Options are built on demand because
// the secret may come from the data dir (env.ts), which must not be read at build time.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { ensureNextAuthSecret } from "../env";
import { getPrisma } from "../db";
import { normaliseEmail } from "../services/accounts";
import { hashPassword, verifyPassword } from "./password";

let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hashPassword("keel-timing-equaliser"));

/**
 * Whether the browser talks https to us: a proxy in front of Keel says so with X-Forwarded-Proto
 * (Next's own server sets it to http for a plain connection and keeps a proxy's value), else
 * NEXTAUTH_URL's scheme.
 */
export function isSecureRequest(headers: Headers): boolean {
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (proto) return proto === "https";
  return (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
}

/**
 * `secure`: the request came over https (isSecureRequest). Session cookies are then Secure and
 * __Secure- prefixed; the same flag must be used to read them back (lib/server/auth/session.ts).
 */
export function getAuthOptions(opts: { secure?: boolean } = {}): NextAuthOptions {
  // Without NEXTAUTH_URL, next-auth 4 would believe it lives at http://localhost:3000 (wrong
  // redirects): Keel is self-hosted, so the Host (or the proxy's X-Forwarded-Host) is where it lives.
  if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";
  return {
    useSecureCookies: opts.secure ?? false,
    secret: ensureNextAuthSecret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials) {
          const email = credentials?.email ? normaliseEmail(credentials.email) : "";
          const password = credentials?.password ?? "";
          if (!email || !password) return null;
          const prisma = await getPrisma();
          const user = await prisma.user.findUnique({ where: { email } });
          // An unknown email costs the same scrypt as a wrong password: timing tells nothing.
          if (!user) {
            await verifyPassword(password, await dummyHash());
            return null;
          }
          if (!(await verifyPassword(password, user.passwordHash))) return null;
          return { id: user.id, email: user.email, name: user.name ?? user.email };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
