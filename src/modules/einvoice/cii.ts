/**
 * UN/CEFACT Cross Industry Invoice (D16B) following the EN 16931 guideline (`urn:cen.eu:en16931:2017`), the
 * structure XRechnung's CII syntax and Factur-X's EN 16931 profile use. From the EN 16931 model. Pure.
 */
import type { EinvoiceModel, EinvoiceParty } from "./einvoice-model";
import { el, opt, renderXml, type XmlElement } from "./xml";

export const CII_GUIDELINE_ID = "urn:cen.eu:en16931:2017";

const date = (iso: string) => el("udt:DateTimeString", { format: "102" }, iso.replaceAll("-", ""));

function party(name: string, p: EinvoiceParty): XmlElement {
  return el(
    name,
    el("ram:Name", p.name),
    p.registrationId ? el("ram:SpecifiedLegalOrganization", el("ram:ID", p.registrationId)) : null,
    el(
      "ram:PostalTradeAddress",
      el("ram:PostcodeCode", p.postcode),
      opt("ram:LineOne", p.street),
      el("ram:CityName", p.city),
      el("ram:CountryID", p.countryCode),
    ),
    p.endpoint ? el("ram:URIUniversalCommunication", el("ram:URIID", { schemeID: p.endpoint.scheme }, p.endpoint.id)) : null,
    p.vatId ? el("ram:SpecifiedTaxRegistration", el("ram:ID", { schemeID: "VA" }, p.vatId)) : null,
    p.taxId ? el("ram:SpecifiedTaxRegistration", el("ram:ID", { schemeID: "FC" }, p.taxId)) : null,
  );
}

const allowance = (amount: string, extra?: XmlElement) =>
  el(
    "ram:SpecifiedTradeAllowanceCharge",
    el("ram:ChargeIndicator", el("udt:Indicator", "false")),
    el("ram:ActualAmount", amount),
    el("ram:ReasonCode", "95"),
    el("ram:Reason", "Discount"),
    extra,
  );

export function renderCii(m: EinvoiceModel): string {
  const root = el(
    "rsm:CrossIndustryInvoice",
    {
      "xmlns:rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "xmlns:ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "xmlns:udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
      "xmlns:qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    },
    el("rsm:ExchangedDocumentContext", el("ram:GuidelineSpecifiedDocumentContextParameter", el("ram:ID", CII_GUIDELINE_ID))),
    el(
      "rsm:ExchangedDocument",
      el("ram:ID", m.number),
      el("ram:TypeCode", "380"),
      el("ram:IssueDateTime", date(m.issueDate)),
      ...m.notes.map((n) => el("ram:IncludedNote", el("ram:Content", n))),
    ),
    el(
      "rsm:SupplyChainTradeTransaction",
      ...m.lines.map((l) =>
        el(
          "ram:IncludedSupplyChainTradeLineItem",
          el("ram:AssociatedDocumentLineDocument", el("ram:LineID", l.id)),
          el("ram:SpecifiedTradeProduct", el("ram:Name", l.name)),
          el("ram:SpecifiedLineTradeAgreement", el("ram:NetPriceProductTradePrice", el("ram:ChargeAmount", l.price))),
          el("ram:SpecifiedLineTradeDelivery", el("ram:BilledQuantity", { unitCode: l.unitCode }, l.quantity)),
          el(
            "ram:SpecifiedLineTradeSettlement",
            el(
              "ram:ApplicableTradeTax",
              el("ram:TypeCode", "VAT"),
              el("ram:CategoryCode", l.category),
              opt("ram:RateApplicablePercent", l.percent),
            ),
            l.allowance ? allowance(l.allowance) : null,
            el("ram:SpecifiedTradeSettlementLineMonetarySummation", el("ram:LineTotalAmount", l.net)),
          ),
        ),
      ),
      el(
        "ram:ApplicableHeaderTradeAgreement",
        opt("ram:BuyerReference", m.buyerReference),
        party("ram:SellerTradeParty", m.seller),
        party("ram:BuyerTradeParty", m.buyer),
        m.purchaseOrderReference ? el("ram:BuyerOrderReferencedDocument", el("ram:IssuerAssignedID", m.purchaseOrderReference)) : null,
      ),
      el(
        "ram:ApplicableHeaderTradeDelivery",
        m.delivery ? el("ram:ShipToTradeParty", el("ram:PostalTradeAddress", el("ram:CountryID", m.delivery.countryCode))) : null,
        m.delivery ? el("ram:ActualDeliverySupplyChainEvent", el("ram:OccurrenceDateTime", date(m.delivery.date))) : null,
      ),
      el(
        "ram:ApplicableHeaderTradeSettlement",
        m.payment ? el("ram:PaymentReference", m.number) : null,
        el("ram:InvoiceCurrencyCode", m.currency),
        m.payment
          ? el(
              "ram:SpecifiedTradeSettlementPaymentMeans",
              el("ram:TypeCode", "58"),
              el("ram:PayeePartyCreditorFinancialAccount", el("ram:IBANID", m.payment.iban), opt("ram:AccountName", m.payment.accountName)),
              m.payment.bic ? el("ram:PayeeSpecifiedCreditorFinancialInstitution", el("ram:BICID", m.payment.bic)) : null,
            )
          : null,
        ...m.groups.map((g) =>
          el(
            "ram:ApplicableTradeTax",
            el("ram:CalculatedAmount", g.tax),
            el("ram:TypeCode", "VAT"),
            opt("ram:ExemptionReason", g.exemptionReason),
            el("ram:BasisAmount", g.taxable),
            el("ram:CategoryCode", g.category),
            opt("ram:RateApplicablePercent", g.percent),
          ),
        ),
        ...m.groups
          .filter((g) => g.allowance)
          .map((g) =>
            allowance(
              g.allowance!,
              el(
                "ram:CategoryTradeTax",
                el("ram:TypeCode", "VAT"),
                el("ram:CategoryCode", g.category),
                opt("ram:RateApplicablePercent", g.percent),
              ),
            ),
          ),
        el("ram:SpecifiedTradePaymentTerms", el("ram:Description", `Due ${m.dueDate}`), el("ram:DueDateDateTime", date(m.dueDate))),
        el(
          "ram:SpecifiedTradeSettlementHeaderMonetarySummation",
          el("ram:LineTotalAmount", m.totals.lineTotal),
          m.totals.allowanceTotal ? el("ram:AllowanceTotalAmount", m.totals.allowanceTotal) : null,
          el("ram:TaxBasisTotalAmount", m.totals.taxExclusive),
          el("ram:TaxTotalAmount", { currencyID: m.currency }, m.totals.tax),
          el("ram:GrandTotalAmount", m.totals.taxInclusive),
          m.totals.prepaid ? el("ram:TotalPrepaidAmount", m.totals.prepaid) : null,
          el("ram:DuePayableAmount", m.totals.payable),
        ),
      ),
    ),
  );
  return renderXml(root);
}
