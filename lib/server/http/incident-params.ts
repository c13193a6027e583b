import "server-only";
import { notFound } from "./errors";

/** `/incidents/{number}`: a positive integer, else the incident cannot exist (404). */
export function incidentNumberParam(raw: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(raw)) throw notFound(`incident #${raw} not found`);
  return Number(raw);
}
