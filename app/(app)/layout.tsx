import type { ReactNode } from "react";
import { getPageUser } from "@/lib/server/auth/page-context";
import { RedirectToSignIn } from "@/components/auth/redirect-to-sign-in";

export const dynamic = "force-dynamic";

// Every page under (app) is for signed-in people only: signed out, nothing of the page is
// rendered, only the hop to /signin?callbackUrl=<this page>. Pages check again themselves
// (requireUser / requireProjectPage), because layouts and pages render concurrently.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await getPageUser();
  if (!user) return <RedirectToSignIn />;
  return children;
}
