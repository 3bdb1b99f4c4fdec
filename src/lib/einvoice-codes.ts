/**
 * Code lists of EN 16931 (the European e-invoice standard) that people choose from when they enter data:
 * VAT categories (UNCL 5305 subset), units of measure (UN/ECE Recommendation 20, a curated list), ISO 3166-1
 * countries and the electronic address schemes (CEF EAS). The country and scheme lists are the ones the
 * official validation rules accept (BR-CL-14, BR-CL-25 in ../shared/en16931).
 */

export const VAT_CATEGORIES = ["S", "Z", "E", "AE", "K", "G", "O"] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

export const VAT_CATEGORY_LABELS: Record<VatCategory, string> = {
  S: "Standard rate",
  Z: "Zero rated",
  E: "Exempt from VAT",
  AE: "Reverse charge",
  K: "Intra-community supply (EEA)",
  G: "Export outside the EU",
  O: "Outside the scope of VAT",
};

/** Categories that must say why no VAT is charged (EN 16931 BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10). */
export const EXEMPT_CATEGORIES: readonly VatCategory[] = ["E", "AE", "K", "G", "O"];

export function needsExemptionReason(category: string): boolean {
  return (EXEMPT_CATEGORIES as readonly string[]).includes(category);
}

/** The legal note printed for a reverse-charge (AE) line's VAT. */
export const REVERSE_CHARGE_NOTE = "Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).";

/** The units offered in the editor (UN/ECE Recommendation 20 codes); C62 "one" is the default. */
export const UNIT_CODES = {
  C62: "unit",
  HUR: "hour",
  MIN: "minute",
  DAY: "day",
  WEE: "week",
  MON: "month",
  ANN: "year",
  H87: "piece",
  SET: "set",
  KGM: "kilogram",
  MTR: "metre",
  MTK: "square metre",
  LTR: "litre",
  KMT: "kilometre",
  KWH: "kilowatt hour",
  E48: "service unit",
  LS: "lump sum",
} as const;
export type UnitCode = keyof typeof UNIT_CODES;
export const DEFAULT_UNIT_CODE: UnitCode = "C62";
export const UNIT_CODE_LIST = Object.keys(UNIT_CODES) as UnitCode[];

export function isUnitCode(code: string): code is UnitCode {
  return Object.hasOwn(UNIT_CODES, code);
}

const COUNTRIES = new Set(
  (
    "1A AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH " +
    "BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM " +
    "CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ " +
    "FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK " +
    "HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM " +
    "KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH " +
    "MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO " +
    "NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU " +
    "RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD " +
    "TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG " +
    "VI VN VU WF WS XI YE YT ZA ZM ZW "
  )
    .trim()
    .split(" "),
);

/** An ISO 3166-1 alpha-2 country code as EN 16931 accepts it. */
export function isCountryCode(code: string): boolean {
  return COUNTRIES.has(code);
}

const SCHEMES = new Set(
  (
    "0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177 0183 0184 0188 0190 0191 0192 " +
    "0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205 0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 " +
    "0221 0225 0230 0235 0240 0244 0242 0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 " +
    "9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 " +
    "9953 9957 9959 AN AQ AS AU EM "
  )
    .trim()
    .split(" "),
);

/** An electronic address scheme (CEF EAS code, e.g. 0208 Belgian company number, 0088 GLN, EM email). */
export function isEndpointScheme(code: string): boolean {
  return SCHEMES.has(code);
}
