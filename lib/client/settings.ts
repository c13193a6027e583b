"use client";
// React-query hooks of the settings page. Every write invalidates the whole settings tree of the
// project: the changed list and the audit trail both move.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import type { Role } from "@/lib/shared/permissions";
import type {
  AddMemberInput,
  ApiKeyCreated,
  ApiKeyItem,
  AuditTrailEntry,
  CreateApiKeyInput,
  IngestSettings,
  IngestSettingsPatch,
  MemberItem,
} from "@/lib/shared/settings";

export const settingsKeys = {
  all: (project: string) => ["settings", project] as const,
  apiKeys: (project: string) => ["settings", project, "api-keys"] as const,
  members: (project: string) => ["settings", project, "members"] as const,
  ingest: (project: string) => ["settings", project, "ingest"] as const,
  audit: (project: string) => ["settings", project, "audit"] as const,
};

function useSettingsMutation<I, O>(project: string, fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.all(project) }),
  });
}

export function useApiKeys(project: string) {
  return useQuery({
    queryKey: settingsKeys.apiKeys(project),
    queryFn: ({ signal }) => apiFetch<{ apiKeys: ApiKeyItem[] }>("/api/v1/settings/api-keys", { query: { project }, signal }),
    select: (d) => d.apiKeys,
  });
}

export function useCreateApiKey(project: string) {
  return useSettingsMutation(project, (input: CreateApiKeyInput) =>
    apiFetch<ApiKeyCreated>("/api/v1/settings/api-keys", { method: "POST", query: { project }, body: input }),
  );
}

export function useRevokeApiKey(project: string) {
  return useSettingsMutation(project, (id: string) =>
    apiFetch<{ apiKey: ApiKeyItem }>(`/api/v1/settings/api-keys/${encodeURIComponent(id)}`, { method: "DELETE", query: { project } }),
  );
}

export function useMembers(project: string) {
  return useQuery({
    queryKey: settingsKeys.members(project),
    queryFn: ({ signal }) => apiFetch<{ members: MemberItem[] }>("/api/v1/settings/members", { query: { project }, signal }),
    select: (d) => d.members,
  });
}

export function useAddMember(project: string) {
  return useSettingsMutation(project, (input: AddMemberInput) =>
    apiFetch<{ member: MemberItem; createdUser: boolean }>("/api/v1/settings/members", { method: "POST", query: { project }, body: input }),
  );
}

const memberPath = (userId: string) => `/api/v1/settings/members/${encodeURIComponent(userId)}`;

export function useChangeMemberRole(project: string) {
  return useSettingsMutation(project, ({ userId, role }: { userId: string; role: Role }) =>
    apiFetch<{ member: MemberItem }>(memberPath(userId), { method: "PATCH", query: { project }, body: { role } }),
  );
}

export function useRemoveMember(project: string) {
  return useSettingsMutation(project, (userId: string) =>
    apiFetch<{ removed: MemberItem }>(memberPath(userId), { method: "DELETE", query: { project } }),
  );
}

export function useIngestSettings(project: string) {
  return useQuery({
    queryKey: settingsKeys.ingest(project),
    queryFn: ({ signal }) => apiFetch<IngestSettings>("/api/v1/settings/ingest", { query: { project }, signal }),
  });
}

export function useUpdateIngestSettings(project: string) {
  return useSettingsMutation(project, (patch: IngestSettingsPatch) =>
    apiFetch<IngestSettings>("/api/v1/settings/ingest", { method: "PATCH", query: { project }, body: patch }),
  );
}

export function useAuditEntries(project: string) {
  return useQuery({
    queryKey: settingsKeys.audit(project),
    queryFn: ({ signal }) => apiFetch<{ entries: AuditTrailEntry[] }>("/api/v1/settings/audit", { query: { project }, signal }),
    select: (d) => d.entries,
  });
}
