import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getPageUser } from "@/lib/server/auth/page-context";
import { safeCallbackUrl } from "@/lib/shared/callback-url";
import { SignInForm, WRONG_CREDENTIALS } from "@/components/auth/sign-in-form";
import { SignInAside } from "@/components/auth/sign-in-aside";
import { Wordmark } from "@/components/shell/icons";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

interface Props {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;
}

export default async function SignInPage({ searchParams }: Props) {
  const sp = await searchParams;
  const callbackUrl = safeCallbackUrl(Array.isArray(sp.callbackUrl) ? sp.callbackUrl[0] : sp.callbackUrl);
  if (await getPageUser()) redirect(callbackUrl);
  // next-auth sends people here with ?error= when its own form post fails (no-JS path).
  const error = sp.error ? (sp.error === "CredentialsSignin" ? WRONG_CREDENTIALS : "Sign-in failed. Try again.") : null;

  return (
    <div className="flex min-h-screen">
      <SignInAside />
      <main className="flex flex-1 flex-col bg-white">
        <div className="flex flex-1 items-center justify-center px-6 py-12">
          <div className="w-full max-w-[360px]">
            <div className="lg:hidden">
              <Wordmark />
            </div>
            <h1 className="mt-8 text-2xl font-semibold tracking-tight text-slate-900 lg:mt-0">Sign in to Keel</h1>
            <p className="mt-1.5 text-sm text-slate-500">Use the email and password your admin gave you.</p>
            <div className="mt-8">
              <SignInForm callbackUrl={callbackUrl} initialError={error} />
            </div>
            <p className="mt-8 text-xs leading-relaxed text-slate-400">
              No account? An admin adds people in project settings, or an operator runs{" "}
              <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[11px] text-slate-600">npx keel user create</code>.
            </p>
          </div>
        </div>
      </main>
    </div>
  );
}
