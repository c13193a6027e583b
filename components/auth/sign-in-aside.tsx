import { Wordmark } from "@/components/shell/icons";

const POINTS = [
  { title: "Weekly KPIs", text: "Success, escalations and cost per success." },
  { title: "Failing traces", text: "From a failure reason to the tool call behind it." },
  { title: "Fix ownership", text: "Every top failure gets an owner and a due date." },
];

/** The brand panel beside the sign-in form (wide screens only). */
export function SignInAside() {
  return (
    <aside className="relative hidden w-[44%] max-w-[640px] flex-col justify-between overflow-hidden bg-slate-900 px-12 py-10 text-slate-300 lg:flex">
      <svg className="pointer-events-none absolute inset-0 h-full w-full opacity-[0.07]" aria-hidden="true">
        <defs>
          <pattern id="keel-grid" width="32" height="32" patternUnits="userSpaceOnUse">
            <path d="M32 0H0v32" fill="none" stroke="white" strokeWidth="1" />
          </pattern>
        </defs>
        <rect width="100%" height="100%" fill="url(#keel-grid)" />
      </svg>
      <div className="pointer-events-none absolute -right-40 -bottom-40 size-[520px] rounded-full bg-accent-600/25 blur-3xl" aria-hidden="true" />
      <Waterline />
      <div className="relative">
        <Wordmark tone="light" />
      </div>
      <div className="relative max-w-[30rem]">
        <p className="text-[28px] leading-tight font-semibold tracking-tight text-balance text-white">
          Reliability for LLM agents in production.
        </p>
        <ul className="mt-8 space-y-5">
          {POINTS.map((p) => (
            <li key={p.title} className="flex gap-3">
              <span className="mt-1 flex size-4 shrink-0 items-center justify-center rounded-full bg-accent-500/20 text-accent-300">
                <svg viewBox="0 0 12 12" className="size-2.5" aria-hidden="true">
                  <path d="m2.5 6.3 2.3 2.2 4.7-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
              </span>
              <span className="text-sm leading-relaxed">
                <span className="font-medium text-white">{p.title}.</span> <span className="text-slate-400">{p.text}</span>
              </span>
            </li>
          ))}
        </ul>
      </div>
      <p className="relative text-xs text-slate-500">Self-hosted. Your run logs stay on your own servers.</p>
    </aside>
  );
}

/** A decorative chart line along the bottom of the panel: a success rate holding steady. */
function Waterline() {
  const points = [
    [0, 70], [40, 64], [80, 68], [120, 58], [160, 62], [200, 50], [240, 56], [280, 47], [320, 52],
    [360, 40], [400, 46], [440, 38], [480, 42], [520, 30], [560, 36], [600, 28], [640, 32],
  ];
  const line = points.map(([x, y], i) => `${i ? "L" : "M"}${x} ${y}`).join(" ");
  return (
    <svg
      className="pointer-events-none absolute inset-x-0 bottom-16 h-40 w-full"
      viewBox="0 0 640 120"
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      <defs>
        <linearGradient id="keel-waterline" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0%" stopColor="var(--color-accent-400)" stopOpacity="0.28" />
          <stop offset="100%" stopColor="var(--color-accent-400)" stopOpacity="0" />
        </linearGradient>
      </defs>
      <path d={`${line} L640 120 L0 120 Z`} fill="url(#keel-waterline)" />
      <path d={line} fill="none" stroke="var(--color-accent-400)" strokeOpacity="0.7" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
      <path d="M0 96 H640" stroke="white" strokeOpacity="0.12" strokeDasharray="4 6" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
