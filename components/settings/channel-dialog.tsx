"use client";
// Add or edit a notification channel. After adding a webhook, its signing secret is shown once
// with a copy button; URLs and routing keys are write-only, so editing leaves them blank
// ("keep the current one") unless a new value is typed.
import { useState, type FormEvent } from "react";
import { Button, Field, Input, Notice, Select, errorMessage } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useCreateChannel, useUpdateChannel } from "@/lib/client/channels";
import type { ChannelCreated, ChannelItem } from "@/lib/shared/api/channels";
import { ALERT_SEVERITIES, CHANNEL_TYPE_LABEL, CHANNEL_TYPES, PAGERDUTY_EVENTS_URL, type AlertSeverity, type ChannelType, type UpdateChannelInput } from "@/lib/shared/channels";
import { Modal } from "./dialog";


const URL_HINT: Record<ChannelType, string> = {
  webhook: "Keel POSTs signed JSON here (X-Keel-Signature: sha256=…).",
  slack: "The incoming-webhook URL from Slack (https://hooks.slack.com/services/…).",
  pagerduty: `Optional: defaults to ${PAGERDUTY_EVENTS_URL}.`,
};

const SEVERITY_HINT: Record<AlertSeverity, string> = { page: "fast burn: wake someone up", ticket: "slow burn: handle in working hours" };

export function ChannelDialog({ slug, open, editing, onClose }: { slug: string; open: boolean; editing: ChannelItem | null; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} label={editing ? `Edit ${editing.name}` : "Add notification channel"} width="w-[34rem]">
      {/* Keyed so each opening starts from a fresh form. */}
      <ChannelForm key={editing?.id ?? "new"} slug={slug} editing={editing} onClose={onClose} />
    </Modal>
  );
}

function ChannelForm({ slug, editing, onClose }: { slug: string; editing: ChannelItem | null; onClose: () => void }) {
  const create = useCreateChannel(slug);
  const update = useUpdateChannel(slug);
  const mutation = editing ? update : create;
  const [type, setType] = useState<ChannelType>(editing?.type ?? "webhook");
  const [name, setName] = useState(editing?.name ?? "");
  const [url, setUrl] = useState("");
  const [routingKey, setRoutingKey] = useState("");
  const [severities, setSeverities] = useState<AlertSeverity[]>(editing?.severities ?? [...ALERT_SEVERITIES]);
  const [created, setCreated] = useState<ChannelCreated | null>(null);
  const [copied, setCopied] = useState(false);

  const close = () => {
    // Forget the secret as the dialog closes: it is never shown again.
    setCreated(null);
    create.reset();
    update.reset();
    onClose();
  };
  const issue = (path: string) => (mutation.error instanceof ApiError ? mutation.error.issues?.find((i) => i.path === path)?.message : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (editing) {
      const patch: UpdateChannelInput = { name: name.trim(), severities };
      if (url.trim()) patch.url = url.trim();
      if (routingKey.trim()) patch.routingKey = routingKey.trim();
      update.mutate({ id: editing.id, patch }, { onSuccess: close });
      return;
    }
    create.mutate(
      {
        type,
        name: name.trim(),
        ...(url.trim() ? { url: url.trim() } : {}),
        ...(type === "pagerduty" && routingKey.trim() ? { routingKey: routingKey.trim() } : {}),
        severities,
      },
      { onSuccess: (c) => (c.secret ? setCreated(c) : close()) },
    );
  };

  if (created?.secret) {
    const secret = created.secret;
    return (
      <div className="space-y-3 p-5">
        <h2 className="text-base font-semibold text-slate-900">Signing secret of “{created.name}”</h2>
        <Notice tone="warn">Copy it now: this is the only time Keel shows it. Your receiver checks X-Keel-Signature with it.</Notice>
        <div className="flex items-center gap-2">
          <code data-testid="channel-secret" className="min-w-0 flex-1 rounded-md border border-slate-200 bg-slate-50 px-2.5 py-1.5 font-mono text-xs break-all text-slate-900 select-all">
            {secret}
          </code>
          <Button onClick={() => navigator.clipboard.writeText(secret).then(() => setCopied(true), () => setCopied(false))}>{copied ? "Copied" : "Copy"}</Button>
        </div>
        <p className="text-xs text-slate-500">
          Verify: <span className="font-mono">sha256=</span> + hex HMAC-SHA256 of the raw request body with this secret.
        </p>
        <div className="flex justify-end pt-1">
          <Button variant="primary" onClick={close}>
            Done
          </Button>
        </div>
      </div>
    );
  }

  const known = ["type", "name", "url", "routingKey", "severities"];
  const otherError = mutation.isError && !known.some((k) => issue(k));
  return (
    <form onSubmit={submit} className="space-y-3 p-5">
      <h2 className="text-base font-semibold text-slate-900">{editing ? `Edit “${editing.name}”` : "Add notification channel"}</h2>
      {!editing && (
        <Field label="Type" error={issue("type")}>
          {(p) => (
            <Select {...p} value={type} onChange={(e) => setType(e.target.value as ChannelType)}>
              {CHANNEL_TYPES.map((t) => (
                <option key={t} value={t}>
                  {CHANNEL_TYPE_LABEL[t]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      <Field label="Name" hint="Who it reaches, e.g. “#agents-oncall” or “Payments on-call”" error={issue("name")}>
        {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required autoFocus />}
      </Field>
      <Field
        label="URL"
        hint={editing ? `Now ${editing.urlHint}. Leave blank to keep it.` : URL_HINT[type]}
        error={issue("url")}
      >
        {(p) => (
          <Input
            {...p}
            type="text"
            inputMode="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder={type === "pagerduty" ? PAGERDUTY_EVENTS_URL : "https://"}
            required={!editing && type !== "pagerduty"}
            autoComplete="off"
          />
        )}
      </Field>
      {type === "pagerduty" && (
        <Field
          label="Routing key"
          hint={editing ? `Now ${editing.routingKeyHint ?? "set"}. Leave blank to keep it.` : "The integration key of a PagerDuty service (Events API v2)."}
          error={issue("routingKey")}
        >
          {(p) => <Input {...p} value={routingKey} onChange={(e) => setRoutingKey(e.target.value)} required={!editing} autoComplete="off" />}
        </Field>
      )}
      <fieldset className="space-y-1.5">
        <legend className="mb-1 text-xs font-medium text-slate-700">Alerts routed here</legend>
        {ALERT_SEVERITIES.map((s) => (
          <label key={s} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="size-4 accent-accent-600"
              checked={severities.includes(s)}
              onChange={(e) => setSeverities(e.target.checked ? [...severities, s] : severities.filter((x) => x !== s))}
            />
            <span className="font-medium">{s}</span>
            <span className="text-slate-500">— {SEVERITY_HINT[s]}</span>
          </label>
        ))}
        {issue("severities") && <p className="text-xs text-rose-600">{issue("severities")}</p>}
        <p className="text-xs text-slate-500">Events without a level (release rollbacks, tests) go to every channel.</p>
      </fieldset>
      {otherError && <Notice tone="bad">{errorMessage(mutation.error)}</Notice>}
      <div className="flex justify-end gap-2 pt-1">
        <Button onClick={close}>Cancel</Button>
        <Button type="submit" variant="primary" loading={mutation.isPending} disabled={severities.length === 0}>
          {editing ? "Save" : "Add channel"}
        </Button>
      </div>
    </form>
  );
}
