"use client";
// React-query hooks of Settings → Notification channels. Every write invalidates the channels
// tree and the audit trail of the project (settingsKeys.all covers it).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { settingsKeys } from "./settings";
import type { CreateChannelInput, UpdateChannelInput } from "@/lib/shared/channels";
import {
  channelCreatedSchema,
  channelDeletedResponse,
  channelResponse,
  channelsResponse,
  deliveriesResponse,
  testDeliveryResponse,
} from "@/lib/shared/api/channels";

const channelKeys = {
  list: (project: string) => [...settingsKeys.all(project), "channels"] as const,
  deliveries: (project: string, id: string) => [...settingsKeys.all(project), "channels", id, "deliveries"] as const,
};

const channelPath = (id: string) => `/api/v1/channels/${encodeURIComponent(id)}`;

function useChannelMutation<I, O>(project: string, fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.all(project) }) });
}

export function useChannels(project: string) {
  return useQuery({
    queryKey: channelKeys.list(project),
    queryFn: ({ signal }) => apiFetch("/api/v1/channels", channelsResponse, { query: { project }, signal }),
    select: (d) => d.channels,
  });
}

export function useChannelDeliveries(project: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: channelKeys.deliveries(project, id),
    queryFn: ({ signal }) => apiFetch(`${channelPath(id)}/deliveries`, deliveriesResponse, { query: { project }, signal }),
    select: (d) => d.deliveries,
    enabled,
    // Pending retries move on their own: look again while the log is open.
    refetchInterval: 10_000,
  });
}

export function useCreateChannel(project: string) {
  return useChannelMutation(project, (input: CreateChannelInput) =>
    apiFetch("/api/v1/channels", channelCreatedSchema, { method: "POST", query: { project }, body: input }),
  );
}

export function useUpdateChannel(project: string) {
  return useChannelMutation(project, ({ id, patch }: { id: string; patch: UpdateChannelInput }) =>
    apiFetch(channelPath(id), channelResponse, { method: "PATCH", query: { project }, body: patch }),
  );
}

export function useDeleteChannel(project: string) {
  return useChannelMutation(project, (id: string) => apiFetch(channelPath(id), channelDeletedResponse, { method: "DELETE", query: { project } }));
}

export function useSendTest(project: string) {
  return useChannelMutation(project, (id: string) => apiFetch(`${channelPath(id)}/test`, testDeliveryResponse, { method: "POST", query: { project } }));
}
