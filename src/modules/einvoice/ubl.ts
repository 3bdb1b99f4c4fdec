/** UBL 2.1 Invoice following Peppol BIS Billing 3.0 (EN 16931 CIUS), from the EN 16931 model. Pure. */
import type { EinvoiceModel, EinvoiceParty } from "./einvoice-model";
import { el, opt, renderXml, type XmlElement } from "./xml";

export const UBL_CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
export const UBL_PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

function party(p: EinvoiceParty): XmlElement {
  return el(
    "cac:Party",
    p.endpoint ? el("cbc:EndpointID", { schemeID: p.endpoint.scheme }, p.endpoint.id) : null,
    el("cac:PartyName", el("cbc:Name", p.name)),
    el(
      "cac:PostalAddress",
      opt("cbc:StreetName", p.street),
      el("cbc:CityName", p.city),
      el("cbc:PostalZone", p.postcode),
      el("cac:Country", el("cbc:IdentificationCode", p.countryCode)),
    ),
    p.vatId ? el("cac:PartyTaxScheme", el("cbc:CompanyID", p.vatId), el("cac:TaxScheme", el("cbc:ID", "VAT"))) : null,
    p.taxId ? el("cac:PartyTaxScheme", el("cbc:CompanyID", p.taxId), el("cac:TaxScheme", el("cbc:ID", "FC"))) : null,
    el("cac:PartyLegalEntity", el("cbc:RegistrationName", p.name), opt("cbc:CompanyID", p.registrationId)),
  );
}

function taxCategory(name: string, category: string, percent: string | null, reason?: string | null): XmlElement {
  return el(
    name,
    el("cbc:ID", category),
    opt("cbc:Percent", percent),
    opt("cbc:TaxExemptionReason", reason),
    el("cac:TaxScheme", el("cbc:ID", "VAT")),
  );
}

export function renderUbl(m: EinvoiceModel): string {
  const cur = { currencyID: m.currency };
  const amount = (name: string, value: string) => el(name, cur, value);
  const root = el(
    "Invoice",
    {
      xmlns: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
      "xmlns:cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "xmlns:cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    },
    el("cbc:CustomizationID", UBL_CUSTOMIZATION_ID),
    el("cbc:ProfileID", UBL_PROFILE_ID),
    el("cbc:ID", m.number),
    el("cbc:IssueDate", m.issueDate),
    el("cbc:DueDate", m.dueDate),
    el("cbc:InvoiceTypeCode", "380"),
    ...m.notes.map((n) => el("cbc:Note", n)),
    el("cbc:DocumentCurrencyCode", m.currency),
    opt("cbc:BuyerReference", m.buyerReference),
    m.purchaseOrderReference ? el("cac:OrderReference", el("cbc:ID", m.purchaseOrderReference)) : null,
    el("cac:AccountingSupplierParty", party(m.seller)),
    el("cac:AccountingCustomerParty", party(m.buyer)),
    m.delivery
      ? el(
          "cac:Delivery",
          el("cbc:ActualDeliveryDate", m.delivery.date),
          el("cac:DeliveryLocation", el("cac:Address", el("cac:Country", el("cbc:IdentificationCode", m.delivery.countryCode)))),
        )
      : null,
    m.payment
      ? el(
          "cac:PaymentMeans",
          el("cbc:PaymentMeansCode", "58"),
          el("cbc:PaymentID", m.number),
          el(
            "cac:PayeeFinancialAccount",
            el("cbc:ID", m.payment.iban),
            opt("cbc:Name", m.payment.accountName),
            m.payment.bic ? el("cac:FinancialInstitutionBranch", el("cbc:ID", m.payment.bic)) : null,
          ),
        )
      : null,
    el("cac:PaymentTerms", el("cbc:Note", `Due ${m.dueDate}`)),
    ...m.groups
      .filter((g) => g.allowance)
      .map((g) =>
        el(
          "cac:AllowanceCharge",
          el("cbc:ChargeIndicator", "false"),
          el("cbc:AllowanceChargeReasonCode", "95"),
          el("cbc:AllowanceChargeReason", "Discount"),
          amount("cbc:Amount", g.allowance!),
          taxCategory("cac:TaxCategory", g.category, g.percent),
        ),
      ),
    el(
      "cac:TaxTotal",
      amount("cbc:TaxAmount", m.totals.tax),
      ...m.groups.map((g) =>
        el(
          "cac:TaxSubtotal",
          amount("cbc:TaxableAmount", g.taxable),
          amount("cbc:TaxAmount", g.tax),
          taxCategory("cac:TaxCategory", g.category, g.percent, g.exemptionReason),
        ),
      ),
    ),
    el(
      "cac:LegalMonetaryTotal",
      amount("cbc:LineExtensionAmount", m.totals.lineTotal),
      amount("cbc:TaxExclusiveAmount", m.totals.taxExclusive),
      amount("cbc:TaxInclusiveAmount", m.totals.taxInclusive),
      m.totals.allowanceTotal ? amount("cbc:AllowanceTotalAmount", m.totals.allowanceTotal) : null,
      m.totals.prepaid ? amount("cbc:PrepaidAmount", m.totals.prepaid) : null,
      amount("cbc:PayableAmount", m.totals.payable),
    ),
    ...m.lines.map((l) =>
      el(
        "cac:InvoiceLine",
        el("cbc:ID", l.id),
        el("cbc:InvoicedQuantity", { unitCode: l.unitCode }, l.quantity),
        amount("cbc:LineExtensionAmount", l.net),
        l.allowance
          ? el(
              "cac:AllowanceCharge",
              el("cbc:ChargeIndicator", "false"),
              el("cbc:AllowanceChargeReasonCode", "95"),
              el("cbc:AllowanceChargeReason", "Discount"),
              amount("cbc:Amount", l.allowance),
            )
          : null,
        el("cac:Item", el("cbc:Name", l.name), taxCategory("cac:ClassifiedTaxCategory", l.category, l.percent)),
        el("cac:Price", amount("cbc:PriceAmount", l.price)),
      ),
    ),
  );
  return renderXml(root);
}
