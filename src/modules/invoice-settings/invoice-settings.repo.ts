import { eq, sql } from "drizzle-orm";
import { now } from "@/lib/clock";
import { invoiceSettings } from "@/platform/db/schema";
import type { TenantScope } from "@/platform/db/tenant";
import type { InvoiceSettingsDto } from "./invoice-settings.schemas";

const columns = {
  defaultCurrency: invoiceSettings.defaultCurrency,
  numberPrefix: invoiceSettings.numberPrefix,
  numberPadding: invoiceSettings.numberPadding,
  nextNumber: invoiceSettings.nextNumber,
  paymentTermsDays: invoiceSettings.paymentTermsDays,
  senderLegalName: invoiceSettings.senderLegalName,
  senderAddress: invoiceSettings.senderAddress,
  senderTaxId: invoiceSettings.senderTaxId,
  senderStreet: invoiceSettings.senderStreet,
  senderCity: invoiceSettings.senderCity,
  senderPostcode: invoiceSettings.senderPostcode,
  senderCountryCode: invoiceSettings.senderCountryCode,
  senderVatId: invoiceSettings.senderVatId,
  senderRegistrationId: invoiceSettings.senderRegistrationId,
  senderEndpointId: invoiceSettings.senderEndpointId,
  senderEndpointScheme: invoiceSettings.senderEndpointScheme,
  bankAccountHolder: invoiceSettings.bankAccountHolder,
  bankIban: invoiceSettings.bankIban,
  bankBic: invoiceSettings.bankBic,
  paymentInstructions: invoiceSettings.paymentInstructions,
  paymentUrl: invoiceSettings.paymentUrl,
};

/** The workspace's settings row, created with the defaults on first use. */
export async function loadSettings(t: TenantScope): Promise<InvoiceSettingsDto> {
  await t.db.insert(invoiceSettings).values({ workspaceId: t.workspaceId }).onConflictDoNothing();
  const [row] = await t.db.select(columns).from(invoiceSettings).where(eq(invoiceSettings.workspaceId, t.workspaceId));
  return row!;
}

export async function updateSettings(t: TenantScope, values: Partial<Omit<InvoiceSettingsDto, "nextNumber">>): Promise<InvoiceSettingsDto> {
  await loadSettings(t);
  const [row] = await t.db
    .update(invoiceSettings)
    .set({ ...values, updatedAt: now() })
    .where(eq(invoiceSettings.workspaceId, t.workspaceId))
    .returning(columns);
  return row!;
}

/**
 * Takes the next invoice number. The row lock taken by UPDATE holds until the sending transaction
 * ends, so concurrent sends queue here and get consecutive numbers; a rolled-back send gives its number back.
 */
export async function takeNextNumber(t: TenantScope): Promise<{ n: number; prefix: string; padding: number }> {
  await loadSettings(t);
  const [row] = await t.db
    .update(invoiceSettings)
    .set({ nextNumber: sql`${invoiceSettings.nextNumber} + 1` })
    .where(eq(invoiceSettings.workspaceId, t.workspaceId))
    .returning({ next: invoiceSettings.nextNumber, prefix: invoiceSettings.numberPrefix, padding: invoiceSettings.numberPadding });
  return { n: row!.next - 1, prefix: row!.prefix, padding: row!.padding };
}
