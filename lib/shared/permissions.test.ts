import { describe, expect, it } from "vitest";
import { ACTIONS, can, canCreateProjects, isRole, READ_SCOPE_ACTIONS, ROLE_ACTIONS, ROLES, SCOPES, type Action, type Role } from "./permissions";

// The whole role → action matrix, written out (CONTRACT §1): a change to permissions.ts must
// change this table too. ✓ = allowed.
const MATRIX: Record<Action, Record<Role, boolean>> = {
  //                  viewer        sre           owner         admin
  "dashboards:read": { viewer: true, sre: true, owner: true, admin: true },
  "fix-items:read": { viewer: true, sre: true, owner: true, admin: true },
  "releases:read": { viewer: true, sre: true, owner: true, admin: true },
  "traces:read": { viewer: false, sre: true, owner: true, admin: true },
  "incidents:read": { viewer: true, sre: true, owner: true, admin: true },
  "incidents:write": { viewer: false, sre: true, owner: true, admin: true },
  "fix-items:write": { viewer: false, sre: false, owner: true, admin: true },
  "gates:write": { viewer: false, sre: false, owner: true, admin: true },
  "channels:manage": { viewer: false, sre: false, owner: true, admin: true },
  "objectives:read": { viewer: true, sre: true, owner: true, admin: true },
  "objectives:write": { viewer: false, sre: false, owner: true, admin: true },
  "alerts:write": { viewer: false, sre: true, owner: true, admin: true },
  "members:manage": { viewer: false, sre: false, owner: false, admin: true },
  "api-keys:manage": { viewer: false, sre: false, owner: false, admin: true },
  "settings:write": { viewer: false, sre: false, owner: false, admin: true },
  "projects:create": { viewer: false, sre: false, owner: false, admin: true },
  // Sending runs is for API keys with scope `ingest` only, never a person.
  "runs:ingest": { viewer: false, sre: false, owner: false, admin: false },
  "incident-settings:write": { viewer: false, sre: false, owner: true, admin: true },
  "incidents:publish": { viewer: false, sre: false, owner: true, admin: true },
  // Governance (issue 18): runbook bodies and writes from sre, the risk register and ownership map from owner.
  "runbooks:read": { viewer: true, sre: true, owner: true, admin: true },
  "runbook-bodies:read": { viewer: false, sre: true, owner: true, admin: true },
  "runbooks:write": { viewer: false, sre: true, owner: true, admin: true },
  "risks:read": { viewer: true, sre: true, owner: true, admin: true },
  "risks:write": { viewer: false, sre: false, owner: true, admin: true },
  "ownership:read": { viewer: true, sre: true, owner: true, admin: true },
  "ownership:write": { viewer: false, sre: false, owner: true, admin: true },
};

describe("permissions", () => {
  it("roles are least privilege first", () => {
    expect(ROLES).toEqual(["viewer", "sre", "owner", "admin"]);
  });

  it("the matrix covers every action exactly once", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ACTIONS].sort());
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
  });

  // `?.`: an action added to permissions.ts but not here fails the test above, not the whole file.
  const cells = ACTIONS.flatMap((action) => ROLES.map((role) => ({ role, action, allowed: MATRIX[action]?.[role] })));
  it.each(cells)("$role → $action: $allowed", ({ role, action, allowed }) => {
    expect(can(role, action)).toBe(allowed);
  });

  it("ROLE_ACTIONS lists exactly the allowed actions of each role, without repeats", () => {
    for (const role of ROLES) {
      const expected = ACTIONS.filter((a) => MATRIX[a]?.[role]);
      expect([...ROLE_ACTIONS[role]].sort(), role).toEqual([...expected].sort());
      expect(new Set(ROLE_ACTIONS[role]).size, role).toBe(ROLE_ACTIONS[role].length);
    }
  });

  it("each role has every action of the role before it, and more", () => {
    for (let i = 1; i < ROLES.length; i++) {
      const lower = ROLE_ACTIONS[ROLES[i - 1]];
      const higher = ROLE_ACTIONS[ROLES[i]];
      for (const action of lower) expect(higher, `${ROLES[i]} lacks ${action} of ${ROLES[i - 1]}`).toContain(action);
      expect(higher.length, `${ROLES[i]} adds nothing to ${ROLES[i - 1]}`).toBeGreaterThan(lower.length);
    }
  });

  it("an unknown, missing or empty role can do nothing", () => {
    for (const action of ACTIONS) {
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action)).toBe(false);
      for (const bogus of ["", "root", "Admin", "superuser", "toString", "__proto__", "constructor"]) {
        expect(can(bogus as Role, action), `${bogus} → ${action}`).toBe(false);
      }
    }
  });

  it("a person may create projects when admin of at least one project", () => {
    expect(canCreateProjects(["viewer", "admin"])).toBe(true);
    expect(canCreateProjects(["admin"])).toBe(true);
    expect(canCreateProjects(["viewer", "sre", "owner"])).toBe(false);
    expect(canCreateProjects([])).toBe(false);
    expect(canCreateProjects([null, undefined, "root" as Role])).toBe(false);
  });

  it("isRole accepts exactly the four roles", () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const value of ["", "Admin", "root", "toString", null, undefined, 1, {}]) expect(isRole(value)).toBe(false);
  });

  it("a read-scoped key reads what viewers and SREs read and writes nothing", () => {
    expect([...READ_SCOPE_ACTIONS].sort()).toEqual(
      ["dashboards:read", "fix-items:read", "incidents:read", "objectives:read", "releases:read", "traces:read", "runbooks:read", "runbook-bodies:read", "risks:read", "ownership:read"].sort(),
    );
    expect(READ_SCOPE_ACTIONS.every((a) => a.endsWith(":read"))).toBe(true);
    expect(SCOPES).toEqual(["ingest", "read"]);
  });
});
