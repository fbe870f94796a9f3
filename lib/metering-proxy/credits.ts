// Credits of one request: max(min, ceil(tokens·price/1000 · (1+markup))) in integer math.
// Prices are micro-credits per 1,000 tokens, so the exact value is
// (p·pm + c·cm)·(10000+bps) / (1000·1e6·10000).

export type TokenPrice = { promptMicrosPer1k: number; completionMicrosPer1k: number; markupBps: number; minCredits: number };

export function creditsFor(price: TokenPrice, promptTokens: number, completionTokens: number): number {
  const micros = BigInt(promptTokens) * BigInt(price.promptMicrosPer1k) + BigInt(completionTokens) * BigInt(price.completionMicrosPer1k);
  const num = micros * BigInt(10000 + price.markupBps);
  const den = BigInt(1000) * BigInt(1_000_000) * BigInt(10000);
  const credits = Number((num + den - BigInt(1)) / den);
  return Math.max(price.minCredits, credits);
}
