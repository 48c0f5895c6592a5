/** The languages the API speaks (SPEC §3.6): Vietnamese for `vi`, English otherwise. */
export type Language = 'vi' | 'en';

/** A text in both languages; the response picks one by the request's `Accept-Language`. */
export interface LocalizedText {
  readonly vi: string;
  readonly en: string;
}

const MAX_HEADER_LENGTH = 1024;

/**
 * The language of the answer to a request, from its `Accept-Language` header (RFC 9110 §12.5.4):
 * the language range with the highest weight among `vi…` and everything else wins; equal weights
 * go to the one listed first; no header, an unreadable one or `vi;q=0` gives English. Written by
 * hand: two languages and a q-value parser are less code than a dependency's configuration.
 */
export function preferredLanguage(header: string | readonly string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_HEADER_LENGTH) {
    return 'en';
  }
  let best: { language: Language; weight: number } | undefined;
  for (const part of value.split(',')) {
    const [rawRange, ...parameters] = part.split(';');
    const range = rawRange?.trim().toLowerCase() ?? '';
    if (range === '') continue;
    let weight = 1;
    for (const parameter of parameters) {
      const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter);
      if (match?.[1] !== undefined) weight = Math.min(1, Number(match[1]));
    }
    if (weight <= 0) continue;
    const language: Language = range === 'vi' || range.startsWith('vi-') ? 'vi' : 'en';
    if (best === undefined || weight > best.weight) best = { language, weight };
  }
  return best?.language ?? 'en';
}

/** Dates in Vietnamese texts are written dd/mm/yyyy; an ISO `YYYY-MM-DD…` value is converted. */
export function vietnameseDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : isoDate;
}
