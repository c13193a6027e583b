// How a release's verdict is decided (the same words as docs/release-gates.md), and the CI line.
import { Card } from "@/components/ui";

const RULES: [string, string][] = [
  ["Gold-set pass rate", "the release's latest gold-set result (by run time) must reach the minimum"],
  ["Critical policy violations", "failed runs of the release with a critical policy violation, at most the maximum"],
  ["Run p95 latency", "p95 of the release's run durations, at most the target"],
  ["Canary escalation rate", "only with canary runs: at most the production escalation rate of the other releases plus the margin"],
];

export function GatesExplainer() {
  return (
    <Card title="How the gates decide" description="Over the last 7 days of runs; a gate with no data fails">
      <ul className="space-y-2 text-sm text-slate-700">
        {RULES.map(([name, rule]) => (
          <li key={name}>
            <span className="font-medium text-slate-900">{name}</span> — {rule}.
          </li>
        ))}
      </ul>
      <p className="mt-4 text-xs text-slate-500">In a pipeline (exit 0 promote, 1 hold, 2 error):</p>
      <pre className="mt-1 rounded-md whitespace-pre-wrap break-all bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">
        node scripts/release-gate.mjs --url $KEEL_URL --key $KEEL_API_KEY --release gpt-4.1@v13
      </pre>
    </Card>
  );
}
