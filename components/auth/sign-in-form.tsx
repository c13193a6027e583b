"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/states";

export const WRONG_CREDENTIALS = "Wrong email or password.";
export const tooManyAttempts = (seconds: number) =>
  `Too many failed sign-ins for this account. Try again in ${seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`}.`;

/** Email + password sign-in (next-auth credentials). Stays on the page with a message on failure. */
export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string | null }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [pending, setPending] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", { redirect: false, email, password, callbackUrl });
      if (res?.ok && !res.error) {
        router.replace(callbackUrl);
        router.refresh();
        return; // keep the button busy until the next page replaces this one
      }
      const throttled = /^TooManyAttempts:(\d+)$/.exec(res?.error ?? "");
      setError(
        throttled
          ? tooManyAttempts(Number(throttled[1]))
          : res?.error === "CredentialsSignin" || res?.status === 401
            ? WRONG_CREDENTIALS
            : "Sign-in failed on the server. Try again in a moment.",
      );
    } catch {
      setError("Keel could not be reached. Check your connection and try again.");
    }
    setPending(false);
    setPassword("");
    passwordRef.current?.focus();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate={false} aria-describedby={error ? "signin-error" : undefined}>
      {error && (
        <div id="signin-error">
          <Notice tone="bad">{error}</Notice>
        </div>
      )}
      <Field label="Email">
        {(p) => (
          <Input
            {...p}
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            className="h-9"
          />
        )}
      </Field>
      <Field label="Password">
        {(p) => (
          <Input
            {...p}
            ref={passwordRef}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            invalid={error === WRONG_CREDENTIALS}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className="h-9"
          />
        )}
      </Field>
      <Button type="submit" variant="primary" loading={pending} className="h-9 w-full">
        Sign in
      </Button>
    </form>
  );
}
