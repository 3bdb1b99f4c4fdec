import { z } from "@hono/zod-openapi";
import { isStorableText, UNSTORABLE_MESSAGE } from "@/lib/schemas";
import { unknownPlaceholderMessage, unknownPlaceholders } from "./email-template-text";

/**
 * The emails a workspace can word its own way. The invoice email; and the wording a new payment reminder
 * rule starts with (src/modules/reminders/), one for each side of the due date: before, on, after it.
 */
export const TEMPLATE_KINDS = ["invoice", "reminder_before", "reminder_on", "reminder_after"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** A kind as it appears in operation ids: `reminder_before` → `ReminderBefore` (getReminderBeforeEmailTemplate). */
export function templateOperationName(kind: TemplateKind): string {
  return kind
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

export const SUBJECT_MAX = 200;
export const MESSAGE_MAX = 10_000;

/** Refuses placeholders we do not know, naming them. */
function knownPlaceholdersOnly(label: string) {
  return (v: string, ctx: z.RefinementCtx) => {
    const unknown = unknownPlaceholders(v);
    if (unknown.length > 0) ctx.addIssue({ code: "custom", message: `${label}: ${unknownPlaceholderMessage(unknown)}` });
  };
}

/** A subject: one line, required, at most 200 characters, only our placeholders. */
export function subjectText() {
  return z
    .string({ error: "Subject is required" })
    .trim()
    .min(1, "Subject is required")
    .max(SUBJECT_MAX, `Subject must be at most ${SUBJECT_MAX} characters`)
    .superRefine((v, ctx) => {
      if (!isStorableText(v)) ctx.addIssue({ code: "custom", message: `Subject ${UNSTORABLE_MESSAGE}` });
      // One line: a line break in a subject would be a header of its own.
      else if (/[\u0000-\u001f\u007f]/.test(v))
        ctx.addIssue({ code: "custom", message: "Subject must be one line, without control characters" });
      else knownPlaceholdersOnly("Subject")(v, ctx);
    });
}

/** A message: plain text of lines, at most 10,000 characters, only our placeholders (may be empty). */
export function messageText() {
  return z
    .string({ error: "Message is required" })
    .max(MESSAGE_MAX, `Message must be at most ${MESSAGE_MAX} characters`)
    .superRefine((v, ctx) => {
      if (!isStorableText(v)) ctx.addIssue({ code: "custom", message: `Message ${UNSTORABLE_MESSAGE}` });
      else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v))
        ctx.addIssue({ code: "custom", message: "Message must not contain control characters" });
      else knownPlaceholdersOnly("Message")(v, ctx);
    });
}

/** Saving a template (the API's PUT and the settings form). */
export const updateEmailTemplateInput = z.strictObject({
  subject: subjectText(),
  message: messageText(),
});
export type UpdateEmailTemplateInput = z.input<typeof updateEmailTemplateInput>;

export const templateKindSchema = z.enum(TEMPLATE_KINDS, { error: `Use one of: ${TEMPLATE_KINDS.join(", ")}` });

export interface EmailTemplateDto {
  kind: TemplateKind;
  subject: string;
  message: string;
  /** false: the built-in wording (the workspace has not changed it). */
  customized: boolean;
  updatedAt: Date | null;
}

/** The built-in wording of each kind. */
export const DEFAULT_TEMPLATES: Record<TemplateKind, { subject: string; message: string }> = {
  invoice: {
    subject: "Invoice {invoice_number} from {workspace_name}",
    message: [
      "Hello {client_name},",
      "",
      "Please find attached invoice {invoice_number} for {total}, due on {due_date}.",
      "",
      "{payment_instructions}",
      "",
      "You can also view it online: {link}",
      "",
      "Thank you,",
      "{workspace_name}",
    ].join("\n"),
  },
  reminder_before: {
    subject: "Reminder: invoice {invoice_number} is due on {due_date}",
    message: [
      "Hello {client_name},",
      "",
      "A friendly reminder that invoice {invoice_number} for {total} is due on {due_date}.",
      "The balance due is {balance_due}. If you have already paid, thank you, and please ignore this message.",
      "",
      "{payment_instructions}",
      "",
      "You can view the invoice online: {link}",
      "",
      "Kind regards,",
      "{workspace_name}",
    ].join("\n"),
  },
  reminder_on: {
    subject: "Invoice {invoice_number} is due today",
    message: [
      "Hello {client_name},",
      "",
      "Invoice {invoice_number} for {total} is due today ({due_date}). The balance due is {balance_due}.",
      "If you have already paid, thank you, and please ignore this message.",
      "",
      "{payment_instructions}",
      "",
      "You can view the invoice online: {link}",
      "",
      "Kind regards,",
      "{workspace_name}",
    ].join("\n"),
  },
  reminder_after: {
    subject: "Overdue: invoice {invoice_number} was due on {due_date}",
    message: [
      "Hello {client_name},",
      "",
      "Our records show that invoice {invoice_number}, due on {due_date}, is still unpaid.",
      "The balance due is {balance_due}. Please arrange payment at your earliest convenience;",
      "if you have already paid, thank you, and please ignore this message.",
      "",
      "{payment_instructions}",
      "",
      "You can view the invoice online: {link}",
      "",
      "Kind regards,",
      "{workspace_name}",
    ].join("\n"),
  },
};
