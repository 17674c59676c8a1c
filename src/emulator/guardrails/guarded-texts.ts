import type { ParsedRequest } from '../../core/fixtures/request.ts';

/**
 * A text a guardrail assesses, and where it sits in the normalized request
 * (`message` -1 is the system prompt, which is assessed but never masked
 * back), from `start` to `end` in that block's text.
 */
export type GuardedText = { readonly text: string; readonly message: number; readonly block: number; readonly start: number; readonly end: number };

type Block = Record<string, unknown>;

const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const guardTextOf = (block: Block): string | undefined => textOf((block['guardContent'] as { text?: { text?: unknown } } | undefined)?.text?.text);

/**
 * What a Converse request's guardrail assesses: its `guardContent` blocks
 * when it has any (in messages or system: "selective guarding"), else the
 * text of every message — Bedrock's rule. System messages count as the
 * system prompt does (assessed through `guardContent` only). Also how many
 * characters of text the request holds, for the coverage figure.
 *
 * @example
 * converseGuardedTexts({ messages: [{ role: 'user', content: [{ text: 'Hi' }, { guardContent: { text: { text: 'Check me' } } }] }] }).texts.map((t) => t.text) // ['Check me']
 */
export function converseGuardedTexts(body: unknown): { texts: GuardedText[]; totalCharacters: number } {
  const request = body as { messages?: { role?: unknown; content?: Block[] }[]; system?: Block[] };
  const messages = request.messages ?? [];
  // Block positions as the parsed request has them: cache points are markers, not content, and are not counted;
  // system messages are not among its messages (their text joins the system prompt, and is treated as it is).
  const blocks = messages.filter((message) => message.role !== 'system').flatMap((message, m) => (message.content ?? []).filter((block) => block['cachePoint'] === undefined).map((block, b) => ({ block, m, b })));
  const systemMessageBlocks = messages.filter((message) => message.role === 'system').flatMap((message) => message.content ?? []);
  const system = [...(request.system ?? []), ...systemMessageBlocks].map((block, b) => ({ block, m: -1, b }));
  const all = [...system, ...blocks];
  const totalCharacters = all.reduce((total, { block }) => total + (textOf(block['text']) ?? guardTextOf(block) ?? '').length, 0);
  const guarded = all.flatMap(({ block, m, b }) => {
    const text = guardTextOf(block);
    return text === undefined ? [] : [{ text, message: m, block: b, start: 0, end: text.length }];
  });
  if (guarded.length > 0) return { texts: guarded, totalCharacters };
  const texts = blocks.flatMap(({ block, m, b }) => {
    const text = textOf(block['text']);
    return text === undefined ? [] : [{ text, message: m, block: b, start: 0, end: text.length }];
  });
  return { texts, totalCharacters };
}

/**
 * What an InvokeModel request's guardrail assesses: the text of every
 * message, or — when the body's `amazon-bedrock-guardrailConfig` gives a
 * `tagSuffix` and the prompt uses the tags — only what is inside
 * `<amazon-bedrock-guardrails-guardContent_SUFFIX>…</amazon-bedrock-guardrails-guardContent_SUFFIX>`
 * (Bedrock's input tags).
 *
 * @example
 * invokeGuardedTexts(request, 'xyz') // the tagged parts of the prompt
 */
export function invokeGuardedTexts(request: ParsedRequest, tagSuffix: string | undefined): { texts: GuardedText[]; totalCharacters: number } {
  const parts = request.messages.flatMap((message, m) => message.content.flatMap((part, b) => (part.kind === 'text' ? [{ text: part.text, m, b }] : [])));
  const totalCharacters = parts.reduce((total, part) => total + part.text.length, 0);
  if (tagSuffix !== undefined) {
    const tag = `amazon-bedrock-guardrails-guardContent_${tagSuffix}`;
    const tagged = parts.flatMap(({ text, m, b }) => taggedSpans(text, tag).map(({ start, end }) => ({ text: text.slice(start, end), message: m, block: b, start, end })));
    if (tagged.length > 0) return { texts: tagged, totalCharacters };
  }
  return { texts: parts.map(({ text, m, b }) => ({ text, message: m, block: b, start: 0, end: text.length })), totalCharacters };
}

/**
 * The spans inside `<tag>…</tag>`, each opening paired with the first
 * closing after it. One pass with `indexOf`: a prompt of many openings
 * and no closing is read once, not once per opening as a lazy regex reads it.
 */
function taggedSpans(text: string, tag: string): { start: number; end: number }[] {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  const spans: { start: number; end: number }[] = [];
  for (let at = text.indexOf(open); at !== -1; ) {
    const start = at + open.length;
    const end = text.indexOf(close, start);
    if (end === -1) break;
    spans.push({ start, end });
    at = text.indexOf(open, end + close.length);
  }
  return spans;
}

/**
 * The request with each guarded text replaced by its masked form (the
 * model, and so the fixtures, see `{EMAIL}`, not the address).
 *
 * @example
 * maskRequest(request, texts, verdict.texts)
 */
export function maskRequest<R extends ParsedRequest>(request: R, texts: readonly GuardedText[], masked: readonly string[]): R {
  if (texts.every((text, index) => masked[index] === text.text)) return request;
  const messages = request.messages.map((message, m) => ({
    ...message,
    content: message.content.map((part, b) => {
      if (part.kind !== 'text') return part;
      // Right to left, so earlier offsets stay true.
      const edits = texts.map((text, index) => ({ text, index })).filter(({ text }) => text.message === m && text.block === b).reverse();
      let value = part.text;
      for (const { text, index } of edits) value = value.slice(0, text.start) + (masked[index] ?? text.text) + value.slice(text.end);
      return { ...part, text: value };
    }),
  }));
  return { ...request, messages };
}
