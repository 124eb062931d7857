/**
 * Quotation marks: Taiwan and Hong Kong write 「」 and 『』 where the mainland writes “” and ‘’. `cjk` turns curly
 * quotes into corner brackets, `western` the reverse, `keep` leaves them. Only curly quotes are touched (straight
 * ' and " are code as often as prose).
 */
export const QUOTE_STYLES = ['keep', 'cjk', 'western'] as const;
export type QuoteStyle = (typeof QUOTE_STYLES)[number];

const TO_CJK: Readonly<Record<string, string>> = { '“': '「', '”': '」', '‘': '『', '’': '』' };
const TO_WESTERN: Readonly<Record<string, string>> = { '「': '“', '」': '”', '『': '‘', '』': '’' };

export function convertQuotes(text: string, style: QuoteStyle): string {
  if (style === 'keep') return text;
  const table = style === 'cjk' ? TO_CJK : TO_WESTERN;
  return text.replace(style === 'cjk' ? /[“”‘’]/g : /[「」『』]/g, (q) => table[q]!);
}
