"use client";
// The ingest rate limit: a token bucket per API key (sustained requests per second, burst).
import { useEffect, useState, type FormEvent } from "react";
import { Button, Card, ErrorState, Field, Input, Notice, SkeletonRows, Time, errorMessage } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useIngestSettings, useUpdateIngestSettings } from "@/lib/client/settings";
import { formatCount } from "@/lib/shared/format";
import { INGEST_BURST_MAX, INGEST_RATE_MAX, ingestSettingsPatchSchema } from "@/lib/shared/settings";

export function IngestPanel({ slug }: { slug: string }) {
  const settings = useIngestSettings(slug);
  const update = useUpdateIngestSettings(slug);
  const [rate, setRate] = useState("");
  const [burst, setBurst] = useState("");
  const [errors, setErrors] = useState<{ ingestRatePerSecond?: string; ingestBurst?: string }>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!settings.data) return;
    setRate(String(settings.data.ingestRatePerSecond));
    setBurst(String(settings.data.ingestBurst));
  }, [settings.data]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const toNumber = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
    // The API's own schema, so the form and PATCH /api/v1/settings/ingest agree on every bound.
    const parsed = ingestSettingsPatchSchema.safeParse({ ingestRatePerSecond: toNumber(rate), ingestBurst: toNumber(burst) });
    if (!parsed.success) {
      const errs: typeof errors = {};
      for (const i of parsed.error.issues) {
        const k = i.path[0];
        if (k === "ingestRatePerSecond" || k === "ingestBurst") errs[k] ??= Number.isNaN(toNumber(k === "ingestBurst" ? burst : rate)) ? "enter a number" : i.message;
      }
      setErrors(errs);
      return;
    }
    setErrors({});
    update.mutate(parsed.data, { onSuccess: () => setSaved(true) });
  };
  const serverIssue = (path: "ingestRatePerSecond" | "ingestBurst") =>
    update.error instanceof ApiError ? update.error.issues?.find((i) => i.path === path)?.message : undefined;

  return (
    <Card
      title="Ingest rate limit"
      description="Per API key; requests over the limit get 429 with Retry-After"
      footer={settings.data?.updatedAt ? <>Last changed <Time value={settings.data.updatedAt} /> · applies to the next request</> : undefined}
    >
      {settings.isPending ? (
        <SkeletonRows rows={2} />
      ) : settings.isError ? (
        <ErrorState compact title="Could not load the rate limit" error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <form onSubmit={submit} className="space-y-3" aria-label="Ingest rate limit">
          <div className="grid grid-cols-2 gap-3">
            <Field label="Requests per second" hint={`sustained; more than 0, at most ${formatCount(INGEST_RATE_MAX)}`} error={errors.ingestRatePerSecond ?? serverIssue("ingestRatePerSecond")}>
              {(p) => <Input {...p} inputMode="decimal" value={rate} onChange={(e) => (setSaved(false), setRate(e.target.value))} />}
            </Field>
            <Field label="Burst" hint={`requests at once; 1 to ${formatCount(INGEST_BURST_MAX)}`} error={errors.ingestBurst ?? serverIssue("ingestBurst")}>
              {(p) => <Input {...p} inputMode="numeric" value={burst} onChange={(e) => (setSaved(false), setBurst(e.target.value))} />}
            </Field>
          </div>
          {update.isError && !serverIssue("ingestRatePerSecond") && !serverIssue("ingestBurst") && <Notice tone="bad">{errorMessage(update.error)}</Notice>}
          {saved && !update.isError && <Notice tone="good">Rate limit saved.</Notice>}
          <div className="flex justify-end">
            <Button type="submit" variant="primary" loading={update.isPending}>
              Save rate limit
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
