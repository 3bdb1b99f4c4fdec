import type { ApiOperations } from "@/platform/http-kit/operation";
import { registerWorkspaceRoutes } from "@/modules/workspaces/workspaces.routes";
import { registerClientRoutes } from "@/modules/clients/clients.routes";
import { registerTaxRateRoutes } from "@/modules/tax-rates/tax-rates.routes";
import { registerInvoiceRoutes } from "@/modules/invoices/invoices.routes";
import { registerPaymentRoutes } from "@/modules/payments/payments.routes";
import { registerMemberRoutes } from "@/modules/members/members.routes";
import { registerInvitationRoutes } from "@/modules/invitations/invitations.routes";
import { registerAuditRoutes } from "@/modules/audit/audit.routes";
import { registerApiKeyRoutes } from "@/modules/api-keys/api-keys.routes";
import { registerEmailTemplateRoutes } from "@/modules/email-templates/email-templates.routes";
import { registerReminderRoutes } from "@/modules/reminders/reminders.routes";
import { registerEinvoiceRoutes } from "@/modules/einvoice/einvoice.routes";

/**
 * Every module's REST operations; each <domain>.routes.ts declares an operation's permission with its
 * route, parses, calls its service and serialises. Modules get `ApiOperations`, never the Hono app.
 */
export function registerApiRoutes(api: ApiOperations): void {
  registerWorkspaceRoutes(api);
  registerClientRoutes(api);
  registerTaxRateRoutes(api);
  registerInvoiceRoutes(api);
  registerPaymentRoutes(api);
  registerMemberRoutes(api);
  registerInvitationRoutes(api);
  registerAuditRoutes(api);
  registerApiKeyRoutes(api);
  registerEmailTemplateRoutes(api);
  registerReminderRoutes(api);
  registerEinvoiceRoutes(api);
}
