import type { ImageSize, ParsedRequest } from '../../../core/fixtures/request.ts';
import { estimateInputTokens, type TokenCounting } from '../../../core/planning/estimate-tokens.ts';

/**
 * Claude's image cost (docs/token-counts.md#claude; Anthropic's vision page,
 * "Evaluate image size" and "Calculate image costs"): an image whose long edge
 * is over 1,568 pixels, or that would cost over ~1,600 tokens, is first
 * scaled down keeping its aspect ratio; then it costs width × height / 750.
 */
const claudeMaxLongEdge = 1568;
const claudeMaxImageTokens = 1600;
const claudePixelsPerToken = 750;

function claudeImageTokens({ width, height }: ImageSize): number {
  const scale = Math.min(1, claudeMaxLongEdge / Math.max(width, height), Math.sqrt((claudeMaxImageTokens * claudePixelsPerToken) / (width * height)));
  const scaled = scale === 1 ? width * height : Math.max(1, Math.floor(width * scale)) * Math.max(1, Math.floor(height * scale));
  return Math.ceil(scaled / claudePixelsPerToken);
}

/**
 * Claude's prompt template: a start token, each turn's marker (the blank
 * line and "Human:" or "Assistant:", 3 tokens), and the assistant marker it
 * answers after. Anthropic's token counting example — system "You are a
 * scientist", user "Hello, Claude": 14 tokens, 7 of them the words — leaves
 * 7 for the template, so a lone "hello" counts 8.
 */
const claudeFraming = { request: 1, message: 3, reply: 3 };

/**
 * The tool-use system prompt Claude adds when a request offers tools, with
 * `auto`/`none` or with `any`/`tool` (AWS's "Anthropic Claude tool use"
 * page, "Cost considerations for tool use"; 3.5 Haiku from Anthropic's
 * tool-use pricing table). First match wins; the last row is Claude 3.5
 * Sonnet v2, 3.7 and the 4.x models.
 */
const claudeCountings: readonly { readonly pattern: RegExp; readonly counting: TokenCounting }[] = [
  { pattern: /claude-3-5-sonnet-20240620/, auto: 294, forced: 261 },
  { pattern: /claude-3-opus/, auto: 530, forced: 281 },
  { pattern: /claude-3-sonnet/, auto: 159, forced: 235 },
  { pattern: /claude-3(-5)?-haiku/, auto: 264, forced: 340 },
  { pattern: /./, auto: 346, forced: 313 },
].map(({ pattern, auto, forced }) => ({
  pattern,
  counting: { framing: claudeFraming, imageTokens: claudeImageTokens, unknownImageTokens: claudeMaxImageTokens, toolPromptTokens: (isForced: boolean) => (isForced ? forced : auto) },
}));

/**
 * Nova's image cost: the row of its documented table (Amazon Nova user
 * guide, "Image understanding": "Image to tokens conversion") whose aspect
 * ratio (or its transpose) is nearest the image's, and of those the nearest
 * in pixels — as the guide's own example maps 800×400 to the 900×450 row.
 */
const novaImageRows: readonly { readonly width: number; readonly height: number; readonly tokens: number }[] = [
  { width: 900, height: 450, tokens: 800 },
  { width: 900, height: 900, tokens: 1300 },
  { width: 1400, height: 900, tokens: 1800 },
  { width: 1800, height: 900, tokens: 2400 },
  { width: 1300, height: 1300, tokens: 2600 },
];

/** How far apart two aspect ratios (long side over short) or two pixel counts are, on a log scale. */
const logDistance = (a: number, b: number): number => Math.abs(Math.log(a / b));
const aspectOf = (width: number, height: number): number => Math.max(width, height) / Math.min(width, height);

function novaImageTokens({ width, height }: ImageSize): number {
  const aspect = aspectOf(width, height);
  const pixels = width * height;
  let best = novaImageRows[0];
  for (const row of novaImageRows) {
    if (best === undefined) break;
    const byAspect = logDistance(aspect, aspectOf(row.width, row.height)) - logDistance(aspect, aspectOf(best.width, best.height));
    const bySize = logDistance(pixels, row.width * row.height) - logDistance(pixels, best.width * best.height);
    if (byAspect < -1e-9 || (Math.abs(byAspect) <= 1e-9 && bySize < 0)) best = row;
  }
  return best?.tokens ?? 0;
}

/** Nova publishes no template or tool-prompt figures: only what the request holds counts. */
const novaCounting: TokenCounting = {
  framing: { request: 0, message: 0, reply: 0 },
  imageTokens: novaImageTokens,
  unknownImageTokens: Math.max(...novaImageRows.map((row) => row.tokens)),
  toolPromptTokens: () => 0,
};

/** The other families publish neither: their prompt counts as written, an image as Claude's would. */
const otherCounting: TokenCounting = { ...novaCounting, imageTokens: claudeImageTokens, unknownImageTokens: claudeMaxImageTokens };

/**
 * How a model counts a prompt: Claude's template, tool prompt and image
 * rule; Nova's image table; the words alone, and Claude's image rule, for
 * the rest.
 *
 * @example
 * tokenCountingOf('anthropic.claude-sonnet-4-5-20250929-v1:0').toolPromptTokens(false) // 346
 */
export function tokenCountingOf(modelBase: string): TokenCounting {
  let counting = countingByModel.get(modelBase);
  if (counting === undefined) {
    counting = /^anthropic\./.test(modelBase) ? (claudeCountings.find((row) => row.pattern.test(modelBase))?.counting ?? otherCounting) : /^amazon\.nova-/.test(modelBase) ? novaCounting : otherCounting;
    // A few dozen models in practice; bounded all the same, as model ids come from clients.
    if (countingByModel.size >= 1024) countingByModel.clear();
    countingByModel.set(modelBase, counting);
  }
  return counting;
}

/** Each model's rules, found once: every request asks, and the answer never changes. */
const countingByModel = new Map<string, TokenCounting>();

/**
 * A request's input tokens by its model's rules: the one count behind
 * CountTokens, the usage every API reports, and the token quotas.
 *
 * @example
 * countInputTokens(parseAnthropicRequest({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] }, 'CountTokens', model)) // 8
 */
export function countInputTokens(request: ParsedRequest): number {
  return estimateInputTokens(request, tokenCountingOf(request.model.base));
}
