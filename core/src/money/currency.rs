//! The ISO 4217 currency table (alphabetic code, numeric code, minor units, name) and cash-rounding increments.
//!
//! Source: ISO 4217 "List One" (current currency & funds) as published by SIX Financial Information, the ISO
//! 4217 maintenance agency, file dated `Pblshd="2024-06-25"`; transcribed mechanically (one row per code, names
//! exactly as published). Later amendments are NOT applied. Entries whose minor units are "N.A." (precious
//! metals XAU/XAG/XPD/XPT, bond-market units XBA-XBD, XDR, XSU, XUA, and the XTS/XXX special codes) are left
//! out: they are not amounts a cart is priced in and any minor unit for them would be invented. Funds codes
//! with defined minor units (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI) are included. See docs/money.md.

/// An ISO 4217 entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrencyEntry {
    pub code: &'static str,
    pub numeric: &'static str,
    pub minor_units: u32,
    pub name: &'static str,
    /// Cash rounding increment as text ("0.05"), if the currency has one.
    pub cash_increment: Option<&'static str>,
}

/// Name, source and date of the table, for `data_versions()`.
pub const TABLE_NAME: &str = "iso-4217";
pub const TABLE_SOURCE: &str =
    "ISO 4217 List One (SIX, maintenance agency), minor units N.A. excluded; cash increments: see docs/money.md";
pub const TABLE_DATE: &str = "2024-06-25";

const fn e(
    code: &'static str,
    numeric: &'static str,
    minor_units: u32,
    name: &'static str,
    cash_increment: Option<&'static str>,
) -> CurrencyEntry {
    CurrencyEntry {
        code,
        numeric,
        minor_units,
        name,
        cash_increment,
    }
}

// Cash increments (smallest unit in cash larger than the minor unit; why each, in short):
// AUD 0.05: 1 and 2 cent coins withdrawn in 1992, cash totals round to 5 cents.
// CAD 0.05: the cent stopped being distributed in 2013, cash totals round to 5 cents.
// CHF 0.05: the smallest coin is 5 Rappen (1 Rappen withdrawn 2007), cash totals round to 5 Rappen.
// CZK 1: haléř coins withdrawn (the last, 50 haléřů, in 2008), cash totals round to whole koruna.
// DKK 0.50: the 25 øre coin was withdrawn in 2008, the smallest coin is 50 øre.
// HUF 5: 1 and 2 forint coins withdrawn in 2008, cash totals round to 5 forint.
// NOK 1: the 50 øre coin was withdrawn in 2012, cash totals round to whole krone.
// NZD 0.10: the 5 cent coin was withdrawn in 2006, cash totals round to 10 cents.
// SEK 1: the 50 öre coin stopped being legal tender in 2010, cash totals round to whole krona.

/// Sorted by code (a test checks it), so lookup is a binary search.
pub static TABLE: &[CurrencyEntry] = &[
    e("AED", "784", 2, "UAE Dirham", None),
    e("AFN", "971", 2, "Afghani", None),
    e("ALL", "008", 2, "Lek", None),
    e("AMD", "051", 2, "Armenian Dram", None),
    e("ANG", "532", 2, "Netherlands Antillean Guilder", None),
    e("AOA", "973", 2, "Kwanza", None),
    e("ARS", "032", 2, "Argentine Peso", None),
    e("AUD", "036", 2, "Australian Dollar", Some("0.05")),
    e("AWG", "533", 2, "Aruban Florin", None),
    e("AZN", "944", 2, "Azerbaijan Manat", None),
    e("BAM", "977", 2, "Convertible Mark", None),
    e("BBD", "052", 2, "Barbados Dollar", None),
    e("BDT", "050", 2, "Taka", None),
    e("BGN", "975", 2, "Bulgarian Lev", None),
    e("BHD", "048", 3, "Bahraini Dinar", None),
    e("BIF", "108", 0, "Burundi Franc", None),
    e("BMD", "060", 2, "Bermudian Dollar", None),
    e("BND", "096", 2, "Brunei Dollar", None),
    e("BOB", "068", 2, "Boliviano", None),
    e("BOV", "984", 2, "Mvdol", None), // fund
    e("BRL", "986", 2, "Brazilian Real", None),
    e("BSD", "044", 2, "Bahamian Dollar", None),
    e("BTN", "064", 2, "Ngultrum", None),
    e("BWP", "072", 2, "Pula", None),
    e("BYN", "933", 2, "Belarusian Ruble", None),
    e("BZD", "084", 2, "Belize Dollar", None),
    e("CAD", "124", 2, "Canadian Dollar", Some("0.05")),
    e("CDF", "976", 2, "Congolese Franc", None),
    e("CHE", "947", 2, "WIR Euro", None), // fund
    e("CHF", "756", 2, "Swiss Franc", Some("0.05")),
    e("CHW", "948", 2, "WIR Franc", None),         // fund
    e("CLF", "990", 4, "Unidad de Fomento", None), // fund
    e("CLP", "152", 0, "Chilean Peso", None),
    e("CNY", "156", 2, "Yuan Renminbi", None),
    e("COP", "170", 2, "Colombian Peso", None),
    e("COU", "970", 2, "Unidad de Valor Real", None), // fund
    e("CRC", "188", 2, "Costa Rican Colon", None),
    e("CUC", "931", 2, "Peso Convertible", None),
    e("CUP", "192", 2, "Cuban Peso", None),
    e("CVE", "132", 2, "Cabo Verde Escudo", None),
    e("CZK", "203", 2, "Czech Koruna", Some("1")),
    e("DJF", "262", 0, "Djibouti Franc", None),
    e("DKK", "208", 2, "Danish Krone", Some("0.50")),
    e("DOP", "214", 2, "Dominican Peso", None),
    e("DZD", "012", 2, "Algerian Dinar", None),
    e("EGP", "818", 2, "Egyptian Pound", None),
    e("ERN", "232", 2, "Nakfa", None),
    e("ETB", "230", 2, "Ethiopian Birr", None),
    e("EUR", "978", 2, "Euro", None),
    e("FJD", "242", 2, "Fiji Dollar", None),
    e("FKP", "238", 2, "Falkland Islands Pound", None),
    e("GBP", "826", 2, "Pound Sterling", None),
    e("GEL", "981", 2, "Lari", None),
    e("GHS", "936", 2, "Ghana Cedi", None),
    e("GIP", "292", 2, "Gibraltar Pound", None),
    e("GMD", "270", 2, "Dalasi", None),
    e("GNF", "324", 0, "Guinean Franc", None),
    e("GTQ", "320", 2, "Quetzal", None),
    e("GYD", "328", 2, "Guyana Dollar", None),
    e("HKD", "344", 2, "Hong Kong Dollar", None),
    e("HNL", "340", 2, "Lempira", None),
    e("HTG", "332", 2, "Gourde", None),
    e("HUF", "348", 2, "Forint", Some("5")),
    e("IDR", "360", 2, "Rupiah", None),
    e("ILS", "376", 2, "New Israeli Sheqel", None),
    e("INR", "356", 2, "Indian Rupee", None),
    e("IQD", "368", 3, "Iraqi Dinar", None),
    e("IRR", "364", 2, "Iranian Rial", None),
    e("ISK", "352", 0, "Iceland Krona", None),
    e("JMD", "388", 2, "Jamaican Dollar", None),
    e("JOD", "400", 3, "Jordanian Dinar", None),
    e("JPY", "392", 0, "Yen", None),
    e("KES", "404", 2, "Kenyan Shilling", None),
    e("KGS", "417", 2, "Som", None),
    e("KHR", "116", 2, "Riel", None),
    e("KMF", "174", 0, "Comorian Franc", None),
    e("KPW", "408", 2, "North Korean Won", None),
    e("KRW", "410", 0, "Won", None),
    e("KWD", "414", 3, "Kuwaiti Dinar", None),
    e("KYD", "136", 2, "Cayman Islands Dollar", None),
    e("KZT", "398", 2, "Tenge", None),
    e("LAK", "418", 2, "Lao Kip", None),
    e("LBP", "422", 2, "Lebanese Pound", None),
    e("LKR", "144", 2, "Sri Lanka Rupee", None),
    e("LRD", "430", 2, "Liberian Dollar", None),
    e("LSL", "426", 2, "Loti", None),
    e("LYD", "434", 3, "Libyan Dinar", None),
    e("MAD", "504", 2, "Moroccan Dirham", None),
    e("MDL", "498", 2, "Moldovan Leu", None),
    e("MGA", "969", 2, "Malagasy Ariary", None),
    e("MKD", "807", 2, "Denar", None),
    e("MMK", "104", 2, "Kyat", None),
    e("MNT", "496", 2, "Tugrik", None),
    e("MOP", "446", 2, "Pataca", None),
    e("MRU", "929", 2, "Ouguiya", None),
    e("MUR", "480", 2, "Mauritius Rupee", None),
    e("MVR", "462", 2, "Rufiyaa", None),
    e("MWK", "454", 2, "Malawi Kwacha", None),
    e("MXN", "484", 2, "Mexican Peso", None),
    e("MXV", "979", 2, "Mexican Unidad de Inversion (UDI)", None), // fund
    e("MYR", "458", 2, "Malaysian Ringgit", None),
    e("MZN", "943", 2, "Mozambique Metical", None),
    e("NAD", "516", 2, "Namibia Dollar", None),
    e("NGN", "566", 2, "Naira", None),
    e("NIO", "558", 2, "Cordoba Oro", None),
    e("NOK", "578", 2, "Norwegian Krone", Some("1")),
    e("NPR", "524", 2, "Nepalese Rupee", None),
    e("NZD", "554", 2, "New Zealand Dollar", Some("0.10")),
    e("OMR", "512", 3, "Rial Omani", None),
    e("PAB", "590", 2, "Balboa", None),
    e("PEN", "604", 2, "Sol", None),
    e("PGK", "598", 2, "Kina", None),
    e("PHP", "608", 2, "Philippine Peso", None),
    e("PKR", "586", 2, "Pakistan Rupee", None),
    e("PLN", "985", 2, "Zloty", None),
    e("PYG", "600", 0, "Guarani", None),
    e("QAR", "634", 2, "Qatari Rial", None),
    e("RON", "946", 2, "Romanian Leu", None),
    e("RSD", "941", 2, "Serbian Dinar", None),
    e("RUB", "643", 2, "Russian Ruble", None),
    e("RWF", "646", 0, "Rwanda Franc", None),
    e("SAR", "682", 2, "Saudi Riyal", None),
    e("SBD", "090", 2, "Solomon Islands Dollar", None),
    e("SCR", "690", 2, "Seychelles Rupee", None),
    e("SDG", "938", 2, "Sudanese Pound", None),
    e("SEK", "752", 2, "Swedish Krona", Some("1")),
    e("SGD", "702", 2, "Singapore Dollar", None),
    e("SHP", "654", 2, "Saint Helena Pound", None),
    e("SLE", "925", 2, "Leone", None),
    e("SOS", "706", 2, "Somali Shilling", None),
    e("SRD", "968", 2, "Surinam Dollar", None),
    e("SSP", "728", 2, "South Sudanese Pound", None),
    e("STN", "930", 2, "Dobra", None),
    e("SVC", "222", 2, "El Salvador Colon", None),
    e("SYP", "760", 2, "Syrian Pound", None),
    e("SZL", "748", 2, "Lilangeni", None),
    e("THB", "764", 2, "Baht", None),
    e("TJS", "972", 2, "Somoni", None),
    e("TMT", "934", 2, "Turkmenistan New Manat", None),
    e("TND", "788", 3, "Tunisian Dinar", None),
    e("TOP", "776", 2, "Pa’anga", None),
    e("TRY", "949", 2, "Turkish Lira", None),
    e("TTD", "780", 2, "Trinidad and Tobago Dollar", None),
    e("TWD", "901", 2, "New Taiwan Dollar", None),
    e("TZS", "834", 2, "Tanzanian Shilling", None),
    e("UAH", "980", 2, "Hryvnia", None),
    e("UGX", "800", 0, "Uganda Shilling", None),
    e("USD", "840", 2, "US Dollar", None),
    e("USN", "997", 2, "US Dollar (Next day)", None), // fund
    e(
        "UYI",
        "940",
        0,
        "Uruguay Peso en Unidades Indexadas (UI)",
        None,
    ), // fund
    e("UYU", "858", 2, "Peso Uruguayo", None),
    e("UYW", "927", 4, "Unidad Previsional", None),
    e("UZS", "860", 2, "Uzbekistan Sum", None),
    e("VED", "926", 2, "Bolívar Soberano", None),
    e("VES", "928", 2, "Bolívar Soberano", None),
    e("VND", "704", 0, "Dong", None),
    e("VUV", "548", 0, "Vatu", None),
    e("WST", "882", 2, "Tala", None),
    e("XAF", "950", 0, "CFA Franc BEAC", None),
    e("XCD", "951", 2, "East Caribbean Dollar", None),
    e("XOF", "952", 0, "CFA Franc BCEAO", None),
    e("XPF", "953", 0, "CFP Franc", None),
    e("YER", "886", 2, "Yemeni Rial", None),
    e("ZAR", "710", 2, "Rand", None),
    e("ZMW", "967", 2, "Zambian Kwacha", None),
    e("ZWG", "924", 2, "Zimbabwe Gold", None),
];

/// Look a currency up by its alphabetic code (exact: upper-case, three letters).
pub fn lookup_currency(code: &str) -> Option<&'static CurrencyEntry> {
    TABLE
        .binary_search_by(|entry| entry.code.cmp(code))
        .ok()
        .and_then(|i| TABLE.get(i))
}

/// The whole table, sorted by code.
pub fn currency_table() -> &'static [CurrencyEntry] {
    TABLE
}
