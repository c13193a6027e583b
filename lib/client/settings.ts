"use client";
// React-query hooks of the settings page. Every write invalidates the whole settings tree of the
// project: the changed list and the audit trail both move.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import type { Role } from "@/lib/shared/permissions";
import type { AddMemberInput, CreateApiKeyInput, IngestSettingsPatch } from "@/lib/shared/settings";
import {
  apiKeyCreatedSchema,
  apiKeyResponse,
  apiKeysResponse,
  auditResponse,
  ingestSettingsSchema,
  memberAddedResponse,
  memberRemovedResponse,
  memberResponse,
  membersResponse,
} from "@/lib/shared/api/settings";

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
    queryFn: ({ signal }) => apiFetch("/api/v1/settings/api-keys", apiKeysResponse, { query: { project }, signal }),
    select: (d) => d.apiKeys,
  });
}

export function useCreateApiKey(project: string) {
  return useSettingsMutation(project, (input: CreateApiKeyInput) =>
    apiFetch("/api/v1/settings/api-keys", apiKeyCreatedSchema, { method: "POST", query: { project }, body: input }),
  );
}

export function useRevokeApiKey(project: string) {
  return useSettingsMutation(project, (id: string) =>
    apiFetch(`/api/v1/settings/api-keys/${encodeURIComponent(id)}`, apiKeyResponse, { method: "DELETE", query: { project } }),
  );
}

export function useMembers(project: string) {
  return useQuery({
    queryKey: settingsKeys.members(project),
    queryFn: ({ signal }) => apiFetch("/api/v1/settings/members", membersResponse, { query: { project }, signal }),
    select: (d) => d.members,
  });
}

export function useAddMember(project: string) {
  return useSettingsMutation(project, (input: AddMemberInput) =>
    apiFetch("/api/v1/settings/members", memberAddedResponse, { method: "POST", query: { project }, body: input }),
  );
}

const memberPath = (userId: string) => `/api/v1/settings/members/${encodeURIComponent(userId)}`;

export function useChangeMemberRole(project: string) {
  return useSettingsMutation(project, ({ userId, role }: { userId: string; role: Role }) =>
    apiFetch(memberPath(userId), memberResponse, { method: "PATCH", query: { project }, body: { role } }),
  );
}

export function useRemoveMember(project: string) {
  return useSettingsMutation(project, (userId: string) =>
    apiFetch(memberPath(userId), memberRemovedResponse, { method: "DELETE", query: { project } }),
  );
}

export function useIngestSettings(project: string) {
  return useQuery({
    queryKey: settingsKeys.ingest(project),
    queryFn: ({ signal }) => apiFetch("/api/v1/settings/ingest", ingestSettingsSchema, { query: { project }, signal }),
  });
}

export function useUpdateIngestSettings(project: string) {
  return useSettingsMutation(project, (patch: IngestSettingsPatch) =>
    apiFetch("/api/v1/settings/ingest", ingestSettingsSchema, { method: "PATCH", query: { project }, body: patch }),
  );
}

export function useAuditEntries(project: string) {
  return useQuery({
    queryKey: settingsKeys.audit(project),
    queryFn: ({ signal }) => apiFetch("/api/v1/settings/audit", auditResponse, { query: { project }, signal }),
    select: (d) => d.entries,
  });
}
