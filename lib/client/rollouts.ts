"use client";
// React-query hooks of release analysis and stages (CONTRACT §9): a release's canary analysis, its
// stage history with the KPIs around each change, its quality by day, the project's deploy markers
// for the time charts, and the owner's "Record stage" (POST events, then every view of it refreshes).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { apiFetch } from "./fetcher";
import { releaseKeys } from "./releases";
import { STAGE_LABELS, type ReleaseStage } from "@/lib/shared/rollouts";
import { formatRate } from "@/lib/shared/format";
import {
  releaseAnalysisResponse,
  releaseEventCreatedResponse,
  releaseMarkersResponse,
  releaseQualityResponse,
  releaseStageHistoryResponse,
} from "@/lib/shared/api/rollouts";

/** A window of ISO instants; none = the endpoint's default. */
export interface RolloutWindow {
  from: string;
  to: string;
}

// Under releaseKeys.all: a change of the gate thresholds (useUpdateGateSettings) refreshes them too.
const rolloutKeys = {
  analysis: (project: string, release: string, w?: RolloutWindow) => [...releaseKeys.all(project), "analysis", release, w ?? null] as const,
  history: (project: string, release: string) => [...releaseKeys.all(project), "stages", release] as const,
  quality: (project: string, release: string, w: RolloutWindow) => [...releaseKeys.all(project), "quality", release, w] as const,
  markers: (project: string) => ["release-events", project] as const,
  markersIn: (project: string, w: RolloutWindow) => ["release-events", project, w.from, w.to] as const,
};

const releasePath = (release: string, what: "analysis" | "events" | "quality") => `/api/v1/releases/${encodeURIComponent(release)}/${what}`;

/** GET …/analysis: the canary verdict over `w`, or over the server's default (since the latest stage change, 7 days at most). */
export function useReleaseAnalysis(project: string, release: string, w?: RolloutWindow) {
  return useQuery({
    queryKey: rolloutKeys.analysis(project, release, w),
    queryFn: ({ signal }) => apiFetch(releasePath(release, "analysis"), releaseAnalysisResponse, { query: { project, ...w }, signal }),
  });
}

/** GET …/events: the stage history, oldest first, each change with the KPIs 24 h before and after. */
export function useStageHistory(project: string, release: string) {
  return useQuery({
    queryKey: rolloutKeys.history(project, release),
    queryFn: ({ signal }) => apiFetch(releasePath(release, "events"), releaseStageHistoryResponse, { query: { project }, signal }),
  });
}

/** GET …/quality: mean qualityScore per UTC day of `w`, the release's live runs vs the baseline. */
export function useReleaseQuality(project: string, release: string, w: RolloutWindow) {
  return useQuery({
    queryKey: rolloutKeys.quality(project, release, w),
    queryFn: ({ signal }) => apiFetch(releasePath(release, "quality"), releaseQualityResponse, { query: { project, ...w }, signal }),
  });
}

/**
 * GET /api/v1/release-events: every stage change of the project in `w` (the deploy markers of a
 * chart). Charts of one window share the one request; null (window not known yet) asks nothing.
 */
function useReleaseMarkers(project: string, w: RolloutWindow | null, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: w ? rolloutKeys.markersIn(project, w) : rolloutKeys.markers(project),
    queryFn: ({ signal }) => apiFetch("/api/v1/release-events", releaseMarkersResponse, { query: { project, ...w }, signal }),
    enabled: w !== null && (opts.enabled ?? true),
    staleTime: 60_000,
  });
}

interface RecordStageInput {
  stage: ReleaseStage;
  trafficPercent?: number;
  /** ISO instant; none = now. */
  at?: string;
}

/** POST …/events as the signed-in owner or admin; then the history, the analysis and every chart's markers reload. */
export function useRecordStage(project: string, release: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordStageInput) =>
      apiFetch(releasePath(release, "events"), releaseEventCreatedResponse, { method: "POST", query: { project }, body: input }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: rolloutKeys.history(project, release) }),
        client.invalidateQueries({ queryKey: [...releaseKeys.all(project), "analysis", release] }),
        client.invalidateQueries({ queryKey: rolloutKeys.markers(project) }),
      ]),
  });
}

/** "Canary 10%", "Full release": a stage change as people read it. */
export function stageText(e: { stage: ReleaseStage; trafficPercent: number | null }): string {
  const p = e.trafficPercent;
  return p === null ? STAGE_LABELS[e.stage] : `${STAGE_LABELS[e.stage]} ${formatRate(p / 100, Number.isInteger(p) ? 0 : 1)}`;
}

/** A deploy marker of a time chart (components/charts/time-chart.tsx draws them). */
interface DeployMarker {
  at: string;
  label: string;
  stage: ReleaseStage;
}

/**
 * The deploy markers of a chart over `w`: what every panel with a TimeChart passes as `markers`
 * (one request per window, shared by the panels of a page). Empty while loading or on error: a
 * chart never waits for its markers.
 */
export function useDeployMarkers(project: string, w: RolloutWindow | null, opts: { enabled?: boolean } = {}): DeployMarker[] {
  const q = useReleaseMarkers(project, w, opts);
  const events = q.data?.events;
  return useMemo(() => (events ?? []).map((e) => ({ at: e.at, stage: e.stage, label: `${e.release}: ${stageText(e)}` })), [events]);
}
