"use client";
// The weekly review of one ISO week.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { reviewSchema } from "@/lib/shared/api/review";

export const reviewKeys = {
  all: (slug: string) => ["review", slug] as const,
  week: (slug: string, week: string) => ["review", slug, week] as const,
};

export function useReview(slug: string, week: string) {
  return useQuery({
    queryKey: reviewKeys.week(slug, week),
    queryFn: ({ signal }) => apiFetch("/api/v1/review", reviewSchema, { query: { project: slug, week }, signal }),
  });
}
