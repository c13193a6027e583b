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

export function getAuthOptions(): NextAuthOptions {
  return {
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
