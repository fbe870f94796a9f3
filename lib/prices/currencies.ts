// Currencies Stripe can charge in (presentment currencies), lower-case ISO 4217.
export const STRIPE_CURRENCIES = new Set(
  (
    "usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf clp cny cop crc cve czk " +
    "djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd kzt " +
    "lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd " +
    "rub rwf sar sbd scr sek sgd shp sle sos srd std szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw"
  ).split(" "),
);

// Stripe's zero-decimal currencies: amounts are whole units.
export const ZERO_DECIMAL = new Set("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split(" "));
// Three-decimal currencies: minor unit is 1/1000.
export const THREE_DECIMAL = new Set("bhd jod kwd omr tnd".split(" "));

export function isStripeCurrency(code: string): boolean {
  return STRIPE_CURRENCIES.has(code.toLowerCase());
}

/** Digits after the decimal point in the currency's minor unit. */
export function currencyExponent(code: string): 0 | 2 | 3 {
  const c = code.toLowerCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}
