import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, assertCan, can, type Action, type Role } from "@/platform/permissions";
import { AppError } from "@/platform/errors";

/** The expected matrix, written out by hand: adding an action to the table without a row here fails. */
const EXPECTED: Record<Action, Role[]> = {
  "workspace.read": ["owner", "admin", "member"],
  "workspace.update": ["owner"],
  "workspace.delete": ["owner"],
  "workspace.transfer": ["owner"],
  "member.read": ["owner", "admin", "member"],
  "member.invite": ["owner", "admin"],
  "member.change_role": ["owner", "admin"],
  "member.remove": ["owner", "admin"],
  "member.leave": ["owner", "admin", "member"],
  "invitation.read": ["owner", "admin"],
  "invitation.resend": ["owner", "admin"],
  "invitation.revoke": ["owner", "admin"],
  "audit.read": ["owner", "admin"],
  "job.read": ["owner", "admin"],
  "client.read": ["owner", "admin", "member"],
  "client.create": ["owner", "admin", "member"],
  "client.update": ["owner", "admin", "member"],
  "client.archive": ["owner", "admin", "member"],
  "client.delete": ["owner", "admin"],
  "invoice_settings.read": ["owner", "admin", "member"],
  "invoice_settings.update": ["owner", "admin"],
  "reminders.manage": ["owner", "admin"],
  "tax_rate.read": ["owner", "admin", "member"],
  "tax_rate.create": ["owner", "admin"],
  "tax_rate.update": ["owner", "admin"],
  "tax_rate.archive": ["owner", "admin"],
  "tax_rate.delete": ["owner", "admin"],
  "invoice.read": ["owner", "admin", "member"],
  "invoice.create": ["owner", "admin", "member"],
  "invoice.update": ["owner", "admin", "member"],
  "invoice.delete": ["owner", "admin", "member"],
  "invoice.duplicate": ["owner", "admin", "member"],
  "invoice.send": ["owner", "admin"],
  "invoice.void": ["owner", "admin"],
  "invoice_link.manage": ["owner", "admin"],
  "payment.read": ["owner", "admin", "member"],
  "payment.record": ["owner", "admin"],
  "payment.delete": ["owner", "admin"],
  "api_key.read": ["owner", "admin"],
  "api_key.create": ["owner", "admin"],
  "api_key.revoke": ["owner", "admin"],
};

describe("permission table", () => {
  it("has exactly the actions of the expected matrix", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const action of Object.keys(EXPECTED) as Action[]) {
    for (const role of ROLES) {
      const allowed = EXPECTED[action].includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${action}`, () => {
        expect(can(role, action)).toBe(allowed);
        if (allowed) expect(() => assertCan({ role }, action)).not.toThrow();
        else expect(() => assertCan({ role }, action)).toThrow(AppError);
      });
    }
  }

  it("keeps the role order: whatever a member may do, an admin may, and whatever an admin may, an owner may", () => {
    for (const action of Object.keys(PERMISSIONS) as Action[]) {
      if (can("member", action)) expect(can("admin", action)).toBe(true);
      if (can("admin", action)) expect(can("owner", action)).toBe(true);
    }
  });
});
