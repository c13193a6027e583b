"use client";
// What a project that has never received a run shows instead of empty charts: the three steps
// to its first run. Meant for the overview (mounted when lib/server/queries/projects.ts
// projectHasRuns is false), and reusable anywhere a project is still empty.
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { buttonClass } from "@/components/ui";

const subscribe = () => () => {};

/** This server's address as the browser sees it ("" while rendering on the server). */
function useOrigin(): string {
  return useSyncExternalStore(subscribe, () => window.location.origin, () => "");
}

export function firstRunCommand(origin: string): string {
  return [
    `T=$(date -u +%Y-%m-%dT%H:%M)   # this minute, UTC`,
    `curl -sS ${origin || "http://localhost:3000"}/api/v1/runs \\`,
    `  -H "Authorization: Bearer $KEEL_API_KEY" -H "Content-Type: application/json" \\`,
    `  --data-binary @- <<EOF`,
    `{"id":"hello-1","sessionId":"hello","workflow":"hello-world","model":"gpt-4.1","promptVersion":"v1",`,
    ` "startedAt":"\${T}:00Z","endedAt":"\${T}:02Z","outcome":"success","costUsd":0.01}`,
    `EOF`,
  ].join("\n");
}

export function FirstRunGuide({ slug, canManageKeys }: { slug: string; canManageKeys: boolean }) {
  const origin = useOrigin();
  return (
    <section
      aria-labelledby="first-run-title"
      data-testid="first-run-guide"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-6"
    >
      <h2 id="first-run-title" className="text-base font-semibold text-slate-900">
        No runs yet: send your first run
      </h2>
      <p className="mt-1 max-w-2xl text-sm text-slate-500">
        This project has not received a run. Your agents send each run (outcome, cost, tool calls) to{" "}
        <code className="font-mono text-xs text-slate-700">POST /api/v1/runs</code> with an API key of this project; the
        numbers and charts appear here as soon as the first one arrives.
      </p>
      <ol className="mt-4 space-y-4 text-sm text-slate-700">
        <li className="flex gap-3">
          <Step n={1} />
          <div className="min-w-0 flex-1">
            <p className="font-medium text-slate-900">Create an API key with scope ingest</p>
            {canManageKeys ? (
              <p className="mt-0.5 text-slate-500">
                In Settings → API keys. Keel shows the key once; put it in <code className="font-mono text-xs">KEEL_API_KEY</code>.
              </p>
            ) : (
              <p className="mt-0.5 text-slate-500">Ask an admin of this project for a key (Settings → API keys).</p>
            )}
            {canManageKeys && (
              <Link href={`/${slug}/settings`} className={buttonClass("primary", "sm", "mt-2")}>
                Settings → API keys
              </Link>
            )}
          </div>
        </li>
        <li className="flex gap-3">
          <Step n={2} />
          <div className="min-w-0 flex-1">
            <p className="font-medium text-slate-900">Send a run</p>
            <pre className="mt-1.5 overflow-x-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800">
              {firstRunCommand(origin)}
            </pre>
          </div>
        </li>
        <li className="flex gap-3">
          <Step n={3} />
          <div className="min-w-0 flex-1">
            <p className="font-medium text-slate-900">Reload this page</p>
            <p className="mt-0.5 text-slate-500">
              The run counts in the overview and opens in Traces. The whole format, the answers and a sender with retries:{" "}
              <Link href="/docs/ingest" className="font-medium text-accent-700 hover:underline">
                Sending runs
              </Link>
              ; OpenTelemetry works too.
            </p>
          </div>
        </li>
      </ol>
    </section>
  );
}

function Step({ n }: { n: number }) {
  return (
    <span
      aria-hidden="true"
      className="flex size-6 shrink-0 items-center justify-center rounded-full bg-accent-50 text-xs font-semibold text-accent-700 ring-1 ring-accent-200"
    >
      {n}
    </span>
  );
}
