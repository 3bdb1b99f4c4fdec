import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./env";
import { registerWorkspaceRoutes } from "@/modules/workspaces/workspaces.routes";
import { registerClientRoutes } from "@/modules/clients/clients.routes";
import { registerTaxRateRoutes } from "@/modules/tax-rates/tax-rates.routes";
import { registerInvoiceRoutes } from "@/modules/invoices/invoices.routes";
import { registerPaymentRoutes } from "@/modules/payments/payments.routes";
import { registerMemberRoutes } from "@/modules/members/members.routes";
import { registerInvitationRoutes } from "@/modules/invitations/invitations.routes";
import { registerAuditRoutes } from "@/modules/audit/audit.routes";
import { registerApiKeyRoutes } from "@/modules/api-keys/api-keys.routes";

/** Every module's REST routes; each <domain>.routes.ts parses, calls its service and serialises. */
export function registerApiRoutes(app: OpenAPIHono<ApiEnv>): void {
  registerWorkspaceRoutes(app);
  registerClientRoutes(app);
  registerTaxRateRoutes(app);
  registerInvoiceRoutes(app);
  registerPaymentRoutes(app);
  registerMemberRoutes(app);
  registerInvitationRoutes(app);
  registerAuditRoutes(app);
  registerApiKeyRoutes(app);
}
