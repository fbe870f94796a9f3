import { currencyExponent } from "./currencies";

export const AMOUNT_PATTERN = /^\d{1,8}(\.\d{1,2})?$/;

export class AmountError extends Error {}

/** "15.00" in usd → 1500; "1500" in jpy → 1500; integer arithmetic only (no floats). */
export function toMinorUnits(amount: string, currency: string): number {
  const value = amount.trim();
  if (!AMOUNT_PATTERN.test(value)) throw new AmountError("Enter an amount like 15 or 15.99 (up to 8 digits and 2 decimals).");
  const exponent = currencyExponent(currency);
  const [whole, fraction = ""] = value.split(".");
  if (exponent === 0 && fraction && /[1-9]/.test(fraction)) {
    throw new AmountError(`${currency.toUpperCase()} has no minor unit: use a whole amount.`);
  }
  const minor = Number(whole) * 10 ** exponent + (exponent === 0 ? 0 : Number(fraction.padEnd(exponent, "0").slice(0, exponent)));
  if (minor <= 0) throw new AmountError("Amount must be greater than zero.");
  return minor;
}

/** 1500 usd → "15.00"; 1500 jpy → "1500"; 1250 kwd → "1.250". */
export function fromMinorUnits(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const base = 10 ** exponent;
  return `${sign}${Math.floor(abs / base)}.${String(abs % base).padStart(exponent, "0")}`;
}
