"use client";
// Members and their roles: add (an existing person, or a new one with a first password), change
// role, remove. The server refuses to leave a project without an admin; its message is shown.
import { useState, type FormEvent } from "react";
import { Button, Card, ErrorState, Field, Input, Notice, Select, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Time, Tr, errorMessage } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useAddMember, useChangeMemberRole, useMembers, useRemoveMember } from "@/lib/client/settings";
import { ROLES, type Role } from "@/lib/shared/permissions";
import type { MemberItem } from "@/lib/shared/settings";
import { ConfirmDialog, Modal } from "./dialog";

const ROLE_HINT: Record<Role, string> = {
  viewer: "dashboards and the weekly review",
  sre: "+ traces and incidents",
  owner: "+ fix items and release gates",
  admin: "+ members, API keys, settings",
};

export function MembersPanel({ slug, myEmail }: { slug: string; myEmail: string }) {
  const members = useMembers(slug);
  const changeRole = useChangeMemberRole(slug);
  const remove = useRemoveMember(slug);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<MemberItem | null>(null);

  return (
    <Card
      title="Members"
      description={members.data ? `${members.data.length} people · roles: viewer < sre < owner < admin` : "Roles: viewer < sre < owner < admin"}
      actions={
        <Button variant="primary" size="sm" onClick={() => setAdding(true)}>
          Add member
        </Button>
      }
      flush
    >
      {changeRole.isError && (
        <Notice tone="bad" className="m-3">
          {errorMessage(changeRole.error)}
        </Notice>
      )}
      {members.isPending ? (
        <SkeletonRows rows={4} />
      ) : members.isError ? (
        <ErrorState compact title="Could not load the members" error={members.error} onRetry={() => members.refetch()} />
      ) : (
        <TableContainer>
        <Table aria-label="Members" className="min-w-[32rem]">
          <THead>
            <Tr>
              <Th>Person</Th>
              <Th>Role</Th>
              <Th>Member since</Th>
              <Th align="right">
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {members.data.map((m) => (
              <Tr key={m.userId}>
                <Td>
                  <span className="font-medium">{m.name ?? m.email}</span>
                  {m.email === myEmail && <span className="ml-1.5 text-[11px] text-slate-400">(you)</span>}
                  {m.name && <span className="block text-[11px] text-slate-500">{m.email}</span>}
                </Td>
                <Td>
                  <Select
                    aria-label={`Role of ${m.email}`}
                    className="w-28"
                    value={m.role}
                    disabled={changeRole.isPending}
                    onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </Select>
                </Td>
                <Td muted className="whitespace-nowrap tabular-nums">
                  <Time value={m.since} precision="date" />
                </Td>
                <Td align="right">
                  <Button size="sm" variant="secondary" aria-label={`Remove ${m.email}`} onClick={() => setRemoving(m)}>
                    Remove
                  </Button>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        </TableContainer>
      )}
      <AddMemberDialog slug={slug} open={adding} onClose={() => setAdding(false)} />
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.email ?? ""}?`}
        confirmLabel="Remove member"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => removing && remove.mutate(removing.userId, { onSuccess: () => setRemoving(null) })}
      >
        They lose access to this project at once (their account and other projects stay). Fix items they own keep their owner.
      </ConfirmDialog>
    </Card>
  );
}

function AddMemberDialog({ slug, open, onClose }: { slug: string; open: boolean; onClose: () => void }) {
  const add = useAddMember(slug);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [password, setPassword] = useState("");
  const close = () => {
    setEmail("");
    setName("");
    setPassword("");
    setRole("viewer");
    add.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(
      { email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}), ...(password ? { password } : {}) },
      { onSuccess: close },
    );
  };
  const issue = (path: string) => (add.error instanceof ApiError ? add.error.issues?.find((i) => i.path === path)?.message : undefined);

  return (
    <Modal open={open} onClose={close} label="Add member">
      <form onSubmit={submit} className="space-y-3 p-5">
        <h2 className="text-base font-semibold text-slate-900">Add member</h2>
        <Field label="Email" error={issue("email")}>
          {(p) => <Input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />}
        </Field>
        <Field label="Role" hint={ROLE_HINT[role]} error={issue("role")}>
          {(p) => (
            <Select {...p} className="w-full" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Name (new people)" error={issue("name")}>
            {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />}
          </Field>
          <Field label="Initial password (new people)" error={issue("password")}>
            {(p) => <Input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
        </div>
        <p className="text-xs text-slate-500">Someone who already has a Keel account keeps their name and password.</p>
        {add.isError && !issue("email") && !issue("password") && <Notice tone="bad">{errorMessage(add.error)}</Notice>}
        <div className="flex justify-end gap-2 pt-1">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" loading={add.isPending}>
            Add member
          </Button>
        </div>
      </form>
    </Modal>
  );
}
