/**
 * Words the engine says to people: every refusal carries a message — a key of the one catalogue
 * (`catalogue.ts`) and its parameters — that `renderMessage` turns into Vietnamese or English.
 * A message is plain JSON, so it travels in refusals and history outcomes unchanged; the
 * language is chosen only when it is shown (SPEC §3.6: `Accept-Language`).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../definition/json.js';
import { MESSAGES, type MessageKey } from './catalogue.js';

export type Lang = 'vi' | 'en';

/** A parameter: a JSON value, a nested message, or a list of either. */
export type MessageParam = JsonValue | Message | readonly MessageParam[];

export interface Message {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

export type MessageParams = Readonly<Record<string, MessageParam>>;

/** Builds a message (the params are kept as given). */
export function message(key: MessageKey, params: MessageParams = {}): Message {
  return Object.keys(params).length === 0 ? { key } : { key, params };
}

export function isMessage(value: unknown): value is Message {
  return (
    isJsonObject(value) &&
    typeof value['key'] === 'string' &&
    Object.hasOwn(MESSAGES, value['key']) &&
    (value['params'] === undefined || isJsonObject(value['params']))
  );
}

/** The message as JSON, for refusal details and history outcomes. */
export function messageToJson(value: Message): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A civil date as Vietnamese writing has it (dd/mm/yyyy); English keeps ISO 8601. */
export function formatDate(value: string, lang: Lang): string {
  const match = ISO_DATE.exec(value);
  if (!match || lang === 'en') return value;
  return `${match[3]}/${match[2]}/${match[1]}`;
}

// `{name}` or `{name:format}`. Formats: `date` (a civil date), `list` (values joined by ", "),
// `msgs` (nested messages joined by "; "), `sentences` (nested messages joined by ". "), `term`
// (a catalogue term, `term.<value>`), `terms` (terms joined by ", "), `orTerms` (terms joined by
// "or"); without a format, the value as it is.
const PLACEHOLDER =
  /\{([A-Za-z][A-Za-z0-9_]*)(?::(date|list|msgs|sentences|term|terms|orTerms))?\}/g;

const OR: Readonly<Record<Lang, string>> = { en: ' or ', vi: ' hoặc ' };

function term(value: string, lang: Lang): string {
  const key = `term.${value}`;
  return Object.hasOwn(MESSAGES, key) ? MESSAGES[key as MessageKey][lang] : value;
}

function renderValue(
  value: MessageParam | undefined,
  format: string | undefined,
  lang: Lang,
): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const items = value as readonly MessageParam[];
    if (format === 'orTerms')
      return items.map((item) => renderValue(item, 'term', lang)).join(OR[lang]);
    const separator = format === 'msgs' ? '; ' : format === 'sentences' ? '. ' : ', ';
    const itemFormat = format === 'terms' ? 'term' : format === 'date' ? 'date' : undefined;
    return items.map((item) => renderValue(item, itemFormat, lang)).join(separator);
  }
  if (isMessage(value)) return render(value, lang);
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  if (format === 'date') return formatDate(text, lang);
  if (format === 'term' || format === 'terms' || format === 'orTerms') return term(text, lang);
  return text;
}

/**
 * Formats the catalogue's message `key` with `params` in Vietnamese or English. Dates given as
 * `YYYY-MM-DD` where the template says `:date` are written dd/mm/yyyy in Vietnamese. An unknown
 * key is written as the key itself, never thrown: a message must not break a refusal.
 */
export function renderMessage(key: string, params: MessageParams, lang: Lang): string {
  if (!Object.hasOwn(MESSAGES, key)) return key;
  const template = MESSAGES[key as MessageKey][lang];
  return template.replace(PLACEHOLDER, (_whole, name: string, format: string | undefined) =>
    renderValue(Object.hasOwn(params, name) ? params[name] : undefined, format, lang),
  );
}

/** Formats a message in the language asked for. */
export function render(value: Message, lang: Lang): string {
  return renderMessage(value.key, value.params ?? {}, lang);
}

/** `vi` when the Accept-Language header prefers Vietnamese, else `en` (SPEC §3.6). */
export function languageOf(acceptLanguage: string | null | undefined): Lang {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag !== '' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'vi' || tag.startsWith('vi-')) return 'vi';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}
