import "server-only";
import { getServerSession } from "next-auth";
import { getPrisma } from "../db";
import { headers } from "next/headers";
import { getAuthOptions, isSecureRequest } from "./options";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/** The signed-in person, re-read from the database (a deleted user's old JWT gives nothing). */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions({ secure: isSecureRequest(await headers()) }));
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
  return user;
}
