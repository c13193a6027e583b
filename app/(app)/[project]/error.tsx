"use client";
import { useEffect } from "react";
import { ErrorState } from "@/components/ui/states";

// A project page failed on the server (database unreachable, a bug). The message of a server
// error is withheld in production; the digest matches the server log line.
export default function ProjectError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div className="rounded-lg border border-slate-200 bg-white">
      <ErrorState
        title="This page could not be loaded"
        error={
          digest
            ? `Keel hit an error while preparing this page (reference ${digest}). If the database was briefly unreachable, trying again will work.`
            : error
        }
        onRetry={retry}
      />
    </div>
  );
}
