"use client";
// The weekly review of one ISO week.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import type { Review } from "@/lib/shared/review";

export const reviewKeys = {
  all: (slug: string) => ["review", slug] as const,
  week: (slug: string, week: string) => ["review", slug, week] as const,
};

export function useReview(slug: string, week: string) {
  return useQuery({
    queryKey: reviewKeys.week(slug, week),
    queryFn: ({ signal }) => apiFetch<Review>("/api/v1/review", { query: { project: slug, week }, signal }),
  });
}
