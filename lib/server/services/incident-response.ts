import "server-only";
// Incident response, write side (issue 18, docs/incidents.md): the severity tiers and update
// templates (project settings), a stakeholder update marked sent, a fix item created from an
// incident, and the postmortem (save the draft, publish). Each change and its audit row (and its
// timeline event) commit together.
import type { Database } from "../db";
import { transaction, type DbTx } from "../db/handle";
import { forbidden, HttpError, notFound } from "../http/errors";
import { getSeverityTiers, getUpdateTemplates } from "../queries/incident-response";
import { generatePostmortemDraft, getPostmortem, type Postmortem } from "../queries/incident-postmortem";
import { renderStakeholderUpdate } from "../queries/incident-updates";
import { recordAudit } from "./audit";
import { insertFixItem } from "./fix-items";
import { addEvents } from "./incidents";
import type { SendUpdateInput, SeverityTiers, UpdateTemplates } from "@/lib/shared/incident-response";
import type { FixItemCreate, FixItemDto } from "@/lib/shared/fix-items";
import { can, type Role } from "@/lib/shared/permissions";

export interface PersonRef {
  userId: string;
  role: Role;
}

const conflict = (message: string) => new HttpError(409, "conflict", message);

export async function updateSeverityTiers(db: Database, projectId: string, tiers: SeverityTiers, actor: PersonRef) {
  return transaction(db, async (tx) => {
    const before = await getSeverityTiers(tx, projectId);
    await tx.prisma.projectSettings.upsert({ where: { projectId }, update: { severityTiers: tiers }, create: { projectId, severityTiers: tiers } });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actor.userId },
      action: "severity_tiers.update",
      targetType: "project_settings",
      targetId: projectId,
      before: before.tiers,
      after: tiers,
    });
    return getSeverityTiers(tx, projectId);
  });
}

export async function updateUpdateTemplates(db: Database, projectId: string, templates: UpdateTemplates, actor: PersonRef) {
  return transaction(db, async (tx) => {
    const before = await getUpdateTemplates(tx, projectId);
    await tx.prisma.projectSettings.upsert({ where: { projectId }, update: { updateTemplates: templates }, create: { projectId, updateTemplates: templates } });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actor.userId },
      action: "update_templates.update",
      targetType: "project_settings",
      targetId: projectId,
      before: before.templates,
      after: templates,
    });
    return getUpdateTemplates(tx, projectId);
  });
}

async function incidentId(tx: DbTx, projectId: string, number: number): Promise<string> {
  const i = await tx.prisma.incident.findUnique({ where: { projectId_number: { projectId, number } }, select: { id: true } });
  if (!i) throw notFound(`incident #${number} not found`);
  return i.id;
}

/** Records a stakeholder update as sent (the text given, or the template rendered now) on the timeline. */
export async function sendStakeholderUpdate(db: Database, projectId: string, number: number, actor: PersonRef, input: SendUpdateInput, now = new Date()) {
  const rendered = input.body === undefined ? await renderStakeholderUpdate(db, projectId, number, input.audience, now) : null;
  if (input.body === undefined && !rendered) throw notFound(`incident #${number} not found`);
  const body = input.body ?? rendered!.markdown;
  return transaction(db, async (tx) => {
    const id = await incidentId(tx, projectId, number);
    await addEvents(tx, id, { userId: actor.userId }, [{ kind: "update_sent", body, payload: { audience: input.audience } }], now);
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actor.userId },
      action: "incident.update_sent",
      targetType: "incident",
      targetId: id,
      after: { number, audience: input.audience, length: body.length },
    });
    const row = await tx.prisma.incidentEvent.findFirst({
      where: { incidentId: id, kind: "update_sent" },
      orderBy: { id: "desc" },
      select: { id: true, actor: { select: { email: true, name: true } } },
    });
    return { id: row!.id.toString(), at: now.toISOString(), audience: input.audience, body, sentBy: row!.actor };
  });
}

/** A fix item created from the incident page, with a `fix_item_created` event on the incident's timeline. */
export async function createIncidentFixItem(db: Database, projectId: string, number: number, actor: PersonRef, input: FixItemCreate): Promise<FixItemDto> {
  return transaction(db, async (tx) => {
    const id = await incidentId(tx, projectId, number);
    const item = await insertFixItem(tx, projectId, actor.userId, input);
    await addEvents(tx, id, { userId: actor.userId }, [
      { kind: "fix_item_created", payload: { fixItemId: item.id, category: item.category, reason: item.reason, owner: item.owner, dueDate: item.dueDate } },
    ]);
    return item;
  });
}

/** The commander edits the draft; so may an owner or admin (who publishes it). Published: read-only. */
export async function savePostmortem(db: Database, projectId: string, number: number, actor: PersonRef, body: string, now = new Date()): Promise<Postmortem> {
  await transaction(db, async (tx) => {
    const i = await tx.prisma.incident.findUnique({
      where: { projectId_number: { projectId, number } },
      select: { id: true, ownerId: true, postmortem: { select: { status: true, body: true } } },
    });
    if (!i) throw notFound(`incident #${number} not found`);
    if (i.ownerId !== actor.userId && !can(actor.role, "incidents:publish"))
      throw forbidden("only the incident's commander (or an owner or admin) edits its postmortem");
    if (i.postmortem?.status === "published") throw conflict("the postmortem is published and read-only");
    await tx.prisma.incidentPostmortem.upsert({
      where: { incidentId: i.id },
      update: { body, updatedById: actor.userId, updatedAt: now },
      create: { incidentId: i.id, projectId, body, updatedById: actor.userId, updatedAt: now },
    });
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actor.userId },
      action: "postmortem.save",
      targetType: "incident",
      targetId: i.id,
      before: { length: i.postmortem?.body.length ?? null },
      after: { number, status: "draft", length: body.length },
    });
  });
  return (await getPostmortem(db, projectId, number, now))!;
}

/** Publishes the saved draft (or, when none is saved, the generated one): read-only from then on. */
export async function publishPostmortem(db: Database, projectId: string, number: number, actor: PersonRef, now = new Date()): Promise<Postmortem> {
  const generated = await generatePostmortemDraft(db, projectId, number, now);
  if (generated === null) throw notFound(`incident #${number} not found`);
  await transaction(db, async (tx) => {
    const i = await tx.prisma.incident.findUnique({
      where: { projectId_number: { projectId, number } },
      select: { id: true, postmortem: { select: { status: true, body: true } } },
    });
    if (!i) throw notFound(`incident #${number} not found`);
    if (i.postmortem?.status === "published") throw conflict("the postmortem is already published");
    const body = i.postmortem?.body ?? generated;
    await tx.prisma.incidentPostmortem.upsert({
      where: { incidentId: i.id },
      update: { status: "published", publishedById: actor.userId, publishedAt: now },
      create: { incidentId: i.id, projectId, body, updatedById: actor.userId, updatedAt: now, status: "published", publishedById: actor.userId, publishedAt: now },
    });
    await addEvents(tx, i.id, { userId: actor.userId }, [{ kind: "postmortem_published" }], now);
    await recordAudit(tx.prisma, {
      projectId,
      actor: { type: "user", userId: actor.userId },
      action: "postmortem.publish",
      targetType: "incident",
      targetId: i.id,
      after: { number, status: "published", length: body.length },
    });
  });
  return (await getPostmortem(db, projectId, number, now))!;
}
