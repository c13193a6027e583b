"use client";
// Settings → Notification channels (issue 15): where alerts go. Add (a webhook's secret shown
// once), list with masked destinations, send a test and see its result, the delivery log of each
// channel (status, attempts, last error), edit, delete.
import { Fragment, useState } from "react";
import { Badge, Button, Card, EmptyState, ErrorState, Notice, SkeletonRows, Table, TableContainer, TableEmpty, TBody, Td, Th, THead, Time, Tr, errorMessage, type BadgeTone } from "@/components/ui";
import { useChannelDeliveries, useChannels, useDeleteChannel, useSendTest } from "@/lib/client/channels";
import type { ChannelItem, DeliveryItem } from "@/lib/shared/api/channels";
import { CHANNEL_TYPE_LABEL, type DeliveryStatus } from "@/lib/shared/channels";
import { formatDateTime } from "@/lib/shared/format";
import { ChannelDialog } from "./channel-dialog";
import { ConfirmDialog } from "./dialog";

const STATUS_TONE: Record<DeliveryStatus, BadgeTone> = { delivered: "good", pending: "warn", failed: "bad" };

function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <Badge tone={STATUS_TONE[status]} dot>
      {status}
    </Badge>
  );
}

/** What a test send came to, in one line. */
function testResultText(channel: string, d: DeliveryItem): string {
  const code = d.lastStatusCode !== null ? ` (HTTP ${d.lastStatusCode})` : "";
  if (d.status === "delivered") return `Test to “${channel}” delivered${code}.`;
  if (d.status === "failed") return `Test to “${channel}” failed: ${d.lastError ?? "no answer"}.`;
  return `Test to “${channel}” not delivered yet: ${d.lastError ?? "waiting"}; Keel retries${d.nextAttemptAt ? ` at ${formatDateTime(d.nextAttemptAt)}` : ""}.`;
}

export function ChannelsPanel({ slug }: { slug: string }) {
  const channels = useChannels(slug);
  const test = useSendTest(slug);
  const remove = useDeleteChannel(slug);
  const [dialog, setDialog] = useState<{ editing: ChannelItem | null } | null>(null);
  const [deleting, setDeleting] = useState<ChannelItem | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  const [tested, setTested] = useState<{ channel: string; delivery: DeliveryItem } | null>(null);
  const [testError, setTestError] = useState<string | null>(null);

  const sendTest = (c: ChannelItem) => {
    setTested(null);
    setTestError(null);
    test.mutate(c.id, {
      onSuccess: (r) => setTested({ channel: c.name, delivery: r.delivery }),
      onError: (e) => setTestError(`Test to “${c.name}”: ${errorMessage(e)}`),
    });
  };
  const add = (
    <Button variant="primary" size="sm" onClick={() => setDialog({ editing: null })}>
      Add channel
    </Button>
  );

  return (
    <Card
      id="channels"
      data-testid="channels-panel"
      title="Notification channels"
      description="Where alerts go: signed webhooks, Slack, PagerDuty. URLs, routing keys and secrets are write-only."
      actions={channels.data && channels.data.length > 0 ? add : undefined}
      flush
    >
      {channels.isPending ? (
        <SkeletonRows rows={2} />
      ) : channels.isError ? (
        <ErrorState compact title="Could not load the channels" error={channels.error} onRetry={() => channels.refetch()} />
      ) : channels.data.length === 0 ? (
        <EmptyState
          compact
          title="No notification channels yet"
          description="Add a webhook, a Slack incoming webhook or a PagerDuty service, and alerts of approved objectives reach people."
          action={add}
        />
      ) : (
        <>
          {(tested || testError) && (
            <div className="border-b border-slate-100 px-4 py-3" data-testid="test-result">
              {testError ? (
                <Notice tone="bad">{testError}</Notice>
              ) : (
                <Notice tone={tested!.delivery.status === "delivered" ? "good" : tested!.delivery.status === "failed" ? "bad" : "warn"}>
                  {testResultText(tested!.channel, tested!.delivery)}
                </Notice>
              )}
            </div>
          )}
          <TableContainer>
            <Table aria-label="Notification channels" className="min-w-[52rem]">
              <THead>
                <Tr>
                  <Th>Name</Th>
                  <Th>Type</Th>
                  <Th>Destination</Th>
                  <Th>Alerts</Th>
                  <Th>Last delivery</Th>
                  <Th align="right">
                    <span className="sr-only">Actions</span>
                  </Th>
                </Tr>
              </THead>
              <TBody>
                {channels.data.map((c) => (
                  <Fragment key={c.id}>
                    <Tr data-testid={`channel-${c.id}`}>
                      <Td className="font-medium">{c.name}</Td>
                      <Td>
                        <Badge tone="info">{CHANNEL_TYPE_LABEL[c.type]}</Badge>
                      </Td>
                      <Td mono muted className="text-xs">
                        {c.urlHint}
                        {c.routingKeyHint && <span className="block text-[11px] text-slate-400">routing key {c.routingKeyHint}</span>}
                        {c.signed && <span className="block text-[11px] text-slate-400">signed (secret shown once)</span>}
                      </Td>
                      <Td>
                        <span className="flex gap-1">
                          {c.severities.map((s) => (
                            <Badge key={s} tone={s === "page" ? "bad" : "warn"}>
                              {s}
                            </Badge>
                          ))}
                        </span>
                      </Td>
                      <Td muted className="whitespace-nowrap">
                        {c.lastDelivery ? (
                          <span className="flex items-center gap-1.5" title={c.lastDelivery.lastError ?? undefined}>
                            <DeliveryStatusBadge status={c.lastDelivery.status} /> <Time value={c.lastDelivery.createdAt} />
                          </span>
                        ) : (
                          "Never"
                        )}
                      </Td>
                      <Td align="right">
                        <span className="flex justify-end gap-1.5">
                          <Button size="sm" aria-label={`Send test to ${c.name}`} loading={test.isPending && test.variables === c.id} onClick={() => sendTest(c)}>
                            Send test
                          </Button>
                          <Button size="sm" aria-expanded={logOf === c.id} aria-label={`Deliveries of ${c.name}`} onClick={() => setLogOf(logOf === c.id ? null : c.id)}>
                            Deliveries
                          </Button>
                          <Button size="sm" aria-label={`Edit ${c.name}`} onClick={() => setDialog({ editing: c })}>
                            Edit
                          </Button>
                          <Button size="sm" variant="ghost" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c)}>
                            Delete
                          </Button>
                        </span>
                      </Td>
                    </Tr>
                    {logOf === c.id && (
                      <tr>
                        <td colSpan={6} className="bg-slate-50 px-4 py-3">
                          <DeliveryLog slug={slug} channel={c} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </TBody>
            </Table>
          </TableContainer>
        </>
      )}
      <ChannelDialog slug={slug} open={dialog !== null} editing={dialog?.editing ?? null} onClose={() => setDialog(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete channel"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        Alerts stop going to this channel, pending retries are dropped and its delivery log is deleted.
      </ConfirmDialog>
    </Card>
  );
}

function DeliveryLog({ slug, channel }: { slug: string; channel: ChannelItem }) {
  const log = useChannelDeliveries(slug, channel.id, true);
  if (log.isPending) return <SkeletonRows rows={2} />;
  if (log.isError) return <ErrorState compact title="Could not load the delivery log" error={log.error} onRetry={() => log.refetch()} />;
  return (
    <Table aria-label={`Deliveries of ${channel.name}`} className="min-w-[48rem] bg-white">
      <THead>
        <Tr>
          <Th>Created</Th>
          <Th>Event</Th>
          <Th>Status</Th>
          <Th align="right">Attempts</Th>
          <Th>Last answer</Th>
          <Th>Next attempt</Th>
        </Tr>
      </THead>
      <TBody>
        {log.data.length === 0 && <TableEmpty colSpan={6}>Nothing sent yet. “Send test” sends one now.</TableEmpty>}
        {log.data.map((d) => (
          <Tr key={d.id} data-testid={`delivery-${d.id}`}>
            <Td muted className="whitespace-nowrap">
              <Time value={d.createdAt} precision="seconds" />
            </Td>
            <Td mono className="text-xs">
              {d.type}
              {d.severity && <span className="text-slate-400"> · {d.severity}</span>}
            </Td>
            <Td>
              <DeliveryStatusBadge status={d.status} />
            </Td>
            <Td align="right" mono>
              {d.attempts}
            </Td>
            <Td className="max-w-[22rem] text-xs break-words text-slate-600">
              {d.lastError ?? (d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : "—")}
            </Td>
            <Td muted className="whitespace-nowrap">
              {d.nextAttemptAt ? <Time value={d.nextAttemptAt} precision="seconds" /> : "—"}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
