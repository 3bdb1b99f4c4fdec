"use server";

import { revalidatePath } from "next/cache";
import {
  createReminderRule,
  deleteReminderRule,
  setInvoiceRemindersPaused,
  setRemindersEnabled,
  updateReminderRule,
} from "@/modules/reminders/reminders.service";
import { formValues, type FormState } from "@/components/forms/form-state";
import { tenantAction } from "../../server-action";

export type ReminderState = FormState & { notice?: string };

/** A form's days field as a number: blank or not a number is NaN, which the rule's schema refuses with its message. */
function days(value: string | undefined): number {
  const v = (value ?? "").trim();
  return v === "" ? Number.NaN : Number(v);
}

export const setRemindersEnabledAction = tenantAction(
  "reminders.manage",
  async (tenant, enabled: boolean, _prev: ReminderState): Promise<ReminderState> => {
    await setRemindersEnabled(tenant, { enabled });
    revalidatePath("/reminders");
    return { notice: enabled ? "Reminders are on." : "Reminders are off." };
  },
);

export const createReminderRuleAction = tenantAction(
  "reminders.manage",
  async (tenant, _prev: ReminderState, formData: FormData): Promise<ReminderState> => {
    const v = formValues(formData);
    const rule = await createReminderRule(tenant, {
      offsetDays: days(v.offsetDays),
      ...(v.subject?.trim() ? { subject: v.subject } : {}),
      ...(v.message?.trim() ? { message: v.message } : {}),
    });
    revalidatePath("/reminders");
    return { notice: `Added the reminder ${rule.offsetDays} days from the due date.` };
  },
);

export const updateReminderRuleAction = tenantAction(
  "reminders.manage",
  async (tenant, id: string, _prev: ReminderState, formData: FormData): Promise<ReminderState> => {
    const v = formValues(formData);
    await updateReminderRule(tenant, id, { offsetDays: days(v.offsetDays), subject: v.subject ?? "", message: v.message ?? "" });
    revalidatePath("/reminders");
    return { notice: "Saved." };
  },
);

export const deleteReminderRuleAction = tenantAction("reminders.manage", async (tenant, id: string): Promise<ReminderState> => {
  await deleteReminderRule(tenant, id);
  revalidatePath("/reminders");
  return {};
});

/** The invoice page's "Don't remind". */
export const setInvoiceRemindersPausedAction = tenantAction(
  "invoice.send",
  async (tenant, invoiceId: string, paused: boolean, _prev: ReminderState): Promise<ReminderState> => {
    await setInvoiceRemindersPaused(tenant, invoiceId, { paused });
    revalidatePath(`/invoices/${invoiceId}`);
    return { notice: paused ? "No reminders will be sent for this invoice." : "Reminders are on for this invoice." };
  },
);
