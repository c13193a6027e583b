"use client";
// API keys of the project: create (the key is shown once, with a copy button), list, revoke.
import { useState, type FormEvent } from "react";
import { Badge, Button, Card, ErrorState, Field, Input, Notice, SkeletonRows, Table, TableContainer, TableEmpty, TBody, Td, Th, THead, Time, Tr, errorMessage } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from "@/lib/client/settings";
import { SCOPES, type Scope } from "@/lib/shared/permissions";
import type { ApiKeyCreated, ApiKeyItem } from "@/lib/shared/settings";
import { ConfirmDialog, Modal } from "./dialog";
import { personLabel } from "./person-label";
import { formatDateTime } from "@/lib/shared/format";

const SCOPE_HINT: Record<Scope, string> = {
  ingest: "send runs and gold-set results",
  read: "read metrics, runs and releases",
};

export function ApiKeysPanel({ slug }: { slug: string }) {
  const keys = useApiKeys(slug);
  const revoke = useRevokeApiKey(slug);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyItem | null>(null);
  const active = keys.data?.filter((k) => !k.revokedAt).length ?? 0;

  return (
    <Card
      title="API keys"
      description={keys.data ? `${active} active · keys act for this project, never as a person` : "Keys act for this project, never as a person"}
      actions={
        <Button variant="primary" size="sm" onClick={() => setCreating(true)}>
          Create API key
        </Button>
      }
      flush
    >
      {keys.isPending ? (
        <SkeletonRows rows={3} />
      ) : keys.isError ? (
        <ErrorState compact title="Could not load the API keys" error={keys.error} onRetry={() => keys.refetch()} />
      ) : (
        <TableContainer>
        <Table aria-label="API keys" className="min-w-[46rem]">
          <THead>
            <Tr>
              <Th>Name</Th>
              <Th>Key</Th>
              <Th>Scopes</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>Status</Th>
              <Th align="right">
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {keys.data.length === 0 && <TableEmpty colSpan={7}>No API keys yet. Create one to send runs from your agents.</TableEmpty>}
            {keys.data.map((k) => (
              <Tr key={k.id} data-testid={`api-key-${k.id}`} className={k.revokedAt ? "opacity-60" : undefined}>
                <Td className="font-medium">{k.name}</Td>
                <Td mono muted>
                  {k.prefix}…
                </Td>
                <Td>
                  <span className="flex gap-1">
                    {k.scopes.map((s) => (
                      <Badge key={s} tone={s === "ingest" ? "accent" : "info"}>
                        {s}
                      </Badge>
                    ))}
                  </span>
                </Td>
                <Td muted className="whitespace-nowrap">
                  <Time value={k.createdAt} />
                  <span className="block text-[11px] text-slate-400">{k.createdBy ? `by ${personLabel(k.createdBy)}` : "by the CLI or setup"}</span>
                </Td>
                <Td muted className="whitespace-nowrap">
                  {k.lastUsedAt ? <Time value={k.lastUsedAt} /> : "Never"}
                </Td>
                <Td className="whitespace-nowrap">
                  {k.revokedAt ? (
                    <Badge tone="muted" dot title={`Revoked ${formatDateTime(k.revokedAt)}`}>
                      Revoked <Time value={k.revokedAt} />
                    </Badge>
                  ) : (
                    <Badge tone="good" dot>
                      Active
                    </Badge>
                  )}
                </Td>
                <Td align="right">
                  {!k.revokedAt && (
                    <Button size="sm" variant="secondary" aria-label={`Revoke ${k.name}`} onClick={() => setRevoking(k)}>
                      Revoke
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        </TableContainer>
      )}
      <CreateKeyDialog slug={slug} open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        Requests with <span className="font-mono text-xs">{revoking?.prefix}…</span> are refused from now on. Agents using it
        stop sending runs until they get a new key. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}

function CreateKeyDialog({ slug, open, onClose }: { slug: string; open: boolean; onClose: () => void }) {
  const create = useCreateApiKey(slug);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["ingest"]);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [copied, setCopied] = useState(false);

  const close = () => {
    // Forget the key as the dialog closes: it is never shown again.
    setCreated(null);
    setCopied(false);
    setName("");
    setScopes(["ingest"]);
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim(), scopes }, { onSuccess: setCreated });
  };
  const issue = (path: string) => (create.error instanceof ApiError ? create.error.issues?.find((i) => i.path.startsWith(path))?.message : undefined);
  const copy = async () => {
    if (!created) return;
    await navigator.clipboard.writeText(created.key).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <Modal open={open} onClose={close} label={created ? "Your new API key" : "Create API key"} width="w-[32rem]">
      {created ? (
        <div className="space-y-3 p-5">
          <h2 className="text-base font-semibold text-slate-900">Your new API key</h2>
          <Notice tone="warn">Copy it now: this is the only time Keel shows it. Only its hash is stored.</Notice>
          <div className="flex items-center gap-2">
            <code data-testid="new-api-key" className="min-w-0 flex-1 rounded-md border border-slate-200 bg-slate-50 px-2.5 py-1.5 font-mono text-xs break-all text-slate-900 select-all">
              {created.key}
            </code>
            <Button onClick={copy}>{copied ? "Copied" : "Copy"}</Button>
          </div>
          <p className="text-xs text-slate-500">
            “{created.apiKey.name}” · {created.apiKey.scopes.join(" + ")} · send it as <span className="font-mono">Authorization: Bearer &lt;key&gt;</span>
          </p>
          <div className="flex justify-end pt-1">
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-3 p-5">
          <h2 className="text-base font-semibold text-slate-900">Create API key</h2>
          <Field label="Name" hint="Where the key is used, e.g. “checkout-agent production”" error={issue("name")}>
            {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required autoFocus />}
          </Field>
          <fieldset className="space-y-1.5">
            <legend className="mb-1 text-xs font-medium text-slate-700">Scopes</legend>
            {SCOPES.map((s) => (
              <label key={s} className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  className="size-4 accent-accent-600"
                  checked={scopes.includes(s)}
                  onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
                />
                <span className="font-medium">{s}</span>
                <span className="text-slate-500">— {SCOPE_HINT[s]}</span>
              </label>
            ))}
            {issue("scopes") && <p className="text-xs text-rose-600">{issue("scopes")}</p>}
          </fieldset>
          {create.isError && !issue("name") && !issue("scopes") && <Notice tone="bad">{errorMessage(create.error)}</Notice>}
          <div className="flex justify-end gap-2 pt-1">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" loading={create.isPending} disabled={scopes.length === 0}>
              Create key
            </Button>
          </div>
        </form>
      )}
    </Modal>
  );
}
