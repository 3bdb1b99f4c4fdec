import { z } from "@hono/zod-openapi";
import type { ApiOperations } from "@/platform/http-kit/operation";
import { apiInput } from "@/platform/http-kit/api-schema";
import { bearerSecurity, errorResponses, IdParam, iso, json, jsonBody } from "@/platform/http-kit/openapi";
import { PLACEHOLDERS } from "@/modules/email-templates/email-template-text";
import * as reminders from "./reminders.service";
import {
  createReminderRuleInput,
  invoiceRemindersInput,
  REMINDER_OFFSET_MAX,
  REMINDER_OFFSET_MIN,
  REMINDER_STATUSES,
  reminderSettingsInput,
  updateReminderRuleInput,
  type InvoiceRemindersDto,
  type ReminderRuleDto,
  type ReminderSettingsDto,
} from "./reminders.schemas";

export const ReminderRule = z
  .object({
    id: z.uuid(),
    offset_days: z.number().int().openapi({ description: "Days from the due date (negative: before it)", example: 7 }),
    subject: z.string(),
    message: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("ReminderRule");

const ReminderSettings = z.object({ enabled: z.boolean(), rules: z.array(ReminderRule) }).openapi("ReminderSettings");

const InvoiceReminder = z
  .object({
    id: z.uuid(),
    rule_id: z.uuid().nullable().openapi({ description: "null once the rule was deleted" }),
    offset_days: z.number().int(),
    due_on: z.string().openapi({ description: "The day the rule fell due for this invoice" }),
    status: z.enum(REMINDER_STATUSES),
    reason: z.string().nullable().openapi({ description: "Why it was skipped, cancelled or failed" }),
    delivery_id: z.uuid().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("InvoiceReminder");

const InvoiceReminders = z
  .object({
    paused: z.boolean().openapi({ description: "Don't remind: no reminder is sent for this invoice" }),
    workspace_enabled: z.boolean(),
    next: z.object({
      on: z.string().nullable().openapi({ description: "The day the next reminder goes out, or null when none will" }),
      offset_days: z.number().int().nullable(),
      rule_id: z.uuid().nullable(),
      off_reason: z
        .enum(["workspace_off", "paused", "not_open", "no_email", "no_rules", "none_left"])
        .nullable()
        .openapi({ description: "Why no reminder will go out" }),
    }),
    reminders: z.array(InvoiceReminder),
  })
  .openapi("InvoiceReminders");

function ruleToApi(r: ReminderRuleDto): z.infer<typeof ReminderRule> {
  return {
    id: r.id,
    offset_days: r.offsetDays,
    subject: r.subject,
    message: r.message,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

const settingsToApi = (s: ReminderSettingsDto): z.infer<typeof ReminderSettings> => ({ enabled: s.enabled, rules: s.rules.map(ruleToApi) });

function invoiceRemindersToApi(r: InvoiceRemindersDto): z.infer<typeof InvoiceReminders> {
  const next = r.next;
  return {
    paused: r.paused,
    workspace_enabled: r.workspaceEnabled,
    next:
      next.kind === "scheduled"
        ? { on: next.on, offset_days: next.offsetDays, rule_id: next.ruleId, off_reason: null }
        : { on: null, offset_days: null, rule_id: null, off_reason: next.reason },
    reminders: r.reminders.map((x) => ({
      id: x.id,
      rule_id: x.ruleId,
      offset_days: x.offsetDays,
      due_on: x.dueOn,
      status: x.status,
      reason: x.reason,
      delivery_id: x.deliveryId,
      created_at: x.createdAt.toISOString(),
      updated_at: iso(x.updatedAt)!,
    })),
  };
}

const CreateReminderRule = apiInput(createReminderRuleInput, "CreateReminderRule");
const UpdateReminderRule = apiInput(updateReminderRuleInput, "UpdateReminderRule");
const UpdateReminderSettings = apiInput(reminderSettingsInput, "UpdateReminderSettings");
const UpdateInvoiceReminders = apiInput(invoiceRemindersInput, "UpdateInvoiceReminders");
const tags = ["Reminders"];
const placeholderList = PLACEHOLDERS.map((p) => `\`{${p}}\``).join(", ");
const ruleRules =
  `\`offset_days\` ${REMINDER_OFFSET_MIN}…${REMINDER_OFFSET_MAX}, one rule per offset (409 otherwise). Subject one line of 1–200 ` +
  `characters, message up to 10,000; placeholders ${placeholderList} (any other \`{name}\` is refused, 422 naming it).`;

export function registerReminderRoutes(api: ApiOperations): void {
  api.operation(
    {
      permission: "invoice_settings.read",
      method: "get",
      path: "/api/v1/reminders",
      operationId: "getReminderSettings",
      tags,
      security: bearerSecurity,
      description: "Whether the workspace sends payment reminders (off for a new workspace), and its rules, earliest offset first.",
      responses: { 200: json(ReminderSettings, "The switch and the rules"), ...errorResponses },
    },
    async (c) => c.json(settingsToApi(await reminders.getReminderSettings(c.get("tenant"))), 200),
  );
  api.operation(
    {
      permission: "reminders.manage",
      method: "put",
      path: "/api/v1/reminders",
      operationId: "updateReminderSettings",
      tags,
      security: bearerSecurity,
      description: "Turns the workspace's payment reminders on or off.",
      request: jsonBody(UpdateReminderSettings),
      responses: { 200: json(ReminderSettings, "Saved"), ...errorResponses },
    },
    async (c) => c.json(settingsToApi(await reminders.setRemindersEnabled(c.get("tenant"), c.req.valid("json"))), 200),
  );
  api.operation(
    {
      permission: "invoice_settings.read",
      method: "get",
      path: "/api/v1/reminder-rules",
      operationId: "listReminderRules",
      tags,
      security: bearerSecurity,
      responses: {
        200: json(z.object({ data: z.array(ReminderRule) }).openapi("ReminderRuleList"), "The rules, earliest offset first"),
        ...errorResponses,
      },
    },
    async (c) => c.json({ data: (await reminders.listReminderRules(c.get("tenant"))).map(ruleToApi) }, 200),
  );
  api.operation(
    {
      permission: "reminders.manage",
      method: "post",
      path: "/api/v1/reminder-rules",
      operationId: "createReminderRule",
      tags,
      security: bearerSecurity,
      description: `${ruleRules} Without a subject or message the rule starts with the workspace's wording for its side of the due date (email templates \`reminder_before\`, \`reminder_on\`, \`reminder_after\`).`,
      request: jsonBody(CreateReminderRule),
      responses: { 201: json(ReminderRule, "Created"), ...errorResponses },
    },
    async (c) => c.json(ruleToApi(await reminders.createReminderRule(c.get("tenant"), c.req.valid("json"))), 201),
  );
  api.operation(
    {
      permission: "invoice_settings.read",
      method: "get",
      path: "/api/v1/reminder-rules/{id}",
      operationId: "getReminderRule",
      tags,
      security: bearerSecurity,
      request: { params: IdParam },
      responses: { 200: json(ReminderRule, "The rule"), ...errorResponses },
    },
    async (c) => c.json(ruleToApi(await reminders.getReminderRule(c.get("tenant"), c.req.valid("param").id)), 200),
  );
  api.operation(
    {
      permission: "reminders.manage",
      method: "patch",
      path: "/api/v1/reminder-rules/{id}",
      operationId: "updateReminderRule",
      tags,
      security: bearerSecurity,
      description: `${ruleRules} Invoices already reminded by this rule are not reminded by it again.`,
      request: { params: IdParam, ...jsonBody(UpdateReminderRule) },
      responses: { 200: json(ReminderRule, "Updated"), ...errorResponses },
    },
    async (c) => c.json(ruleToApi(await reminders.updateReminderRule(c.get("tenant"), c.req.valid("param").id, c.req.valid("json"))), 200),
  );
  api.operation(
    {
      permission: "reminders.manage",
      method: "delete",
      path: "/api/v1/reminder-rules/{id}",
      operationId: "deleteReminderRule",
      tags,
      security: bearerSecurity,
      description: "Deletes the rule; the invoices' record of the reminders it sent stays.",
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    },
    async (c) => {
      await reminders.deleteReminderRule(c.get("tenant"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
  api.operation(
    {
      permission: "invoice.read",
      method: "get",
      path: "/api/v1/invoices/{id}/reminders",
      operationId: "getInvoiceReminders",
      tags,
      security: bearerSecurity,
      description:
        "The invoice's reminders (newest first: sent, queued, failed, skipped or cancelled, with why), its Don't remind flag, and the next one due.",
      request: { params: IdParam },
      responses: { 200: json(InvoiceReminders, "The invoice's reminders"), ...errorResponses },
    },
    async (c) => c.json(invoiceRemindersToApi(await reminders.getInvoiceReminders(c.get("tenant"), c.req.valid("param").id)), 200),
  );
  api.operation(
    {
      permission: "invoice.send",
      method: "put",
      path: "/api/v1/invoices/{id}/reminders",
      operationId: "updateInvoiceReminders",
      tags,
      security: bearerSecurity,
      description: "Sets Don't remind (`paused`) for one invoice. Reminders already queued for it are cancelled when their turn comes.",
      request: { params: IdParam, ...jsonBody(UpdateInvoiceReminders) },
      responses: { 200: json(InvoiceReminders, "Saved"), ...errorResponses },
    },
    async (c) =>
      c.json(
        invoiceRemindersToApi(await reminders.setInvoiceRemindersPaused(c.get("tenant"), c.req.valid("param").id, c.req.valid("json"))),
        200,
      ),
  );
}
