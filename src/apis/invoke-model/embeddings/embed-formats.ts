import { z } from 'zod';
import { tokenize } from '../../../core/planning/tokenize.ts';
import { checkBody } from '../format/check-body.ts';
import type { ModelId } from '../../model-ids/model-id.ts';
import { embedText } from './embed-text.ts';

/** An embeddings model's InvokeModel: a body in, vectors out (no stream, no fixture). */
export type EmbedFormat = {
  embed(body: unknown, model: ModelId): { readonly body: object; readonly inputTokens: number; readonly texts: readonly string[] };
};


const tokensOf = (text: string): number => tokenize(text).length;

/** A float vector as signs: Titan's `binary` embedding type (1 where the value is positive). */
const binary = (vector: readonly number[]): number[] => vector.map((value) => (value > 0 ? 1 : 0));

// Titan Text Embeddings V2: {"inputText", "dimensions"? 256|512|1024, "normalize"?, "embeddingTypes"? ["float"|"binary"]}.
const titanV2Schema = z.strictObject({
  inputText: z.string().min(1),
  dimensions: z.union([z.literal(256), z.literal(512), z.literal(1024)]).optional(),
  normalize: z.boolean().optional(),
  embeddingTypes: z.array(z.enum(['float', 'binary'])).min(1).optional(),
});
// Titan Text Embeddings G1 (v1): {"inputText"} → 1,536 dimensions.
const titanV1Schema = z.strictObject({ inputText: z.string().min(1) });

export const titanEmbedFormat: EmbedFormat = {
  embed(body, model) {
    if (/titan-embed-text-v1/.test(model.base)) {
      const v1 = checkBody(titanV1Schema, body);
      return { body: { embedding: embedText(v1.inputText, 1536), inputTextTokenCount: tokensOf(v1.inputText) }, inputTokens: tokensOf(v1.inputText), texts: [v1.inputText] };
    }
    const v2 = checkBody(titanV2Schema, body);
    const embedding = embedText(v2.inputText, v2.dimensions ?? 1024, v2.normalize ?? true);
    const types = v2.embeddingTypes ?? ['float'];
    const byType = { ...(types.includes('float') ? { float: embedding } : {}), ...(types.includes('binary') ? { binary: binary(embedding) } : {}) };
    const inputTokens = tokensOf(v2.inputText);
    return { body: { embedding, inputTextTokenCount: inputTokens, embeddingsByType: byType }, inputTokens, texts: [v2.inputText] };
  },
};

// Cohere Embed v3/v4: {"texts" (≤96, ≤2048 characters each), "input_type", "truncate"?, "embedding_types"?, "output_dimension"? (v4)}.
const inputTypes = ['search_document', 'search_query', 'classification', 'clustering', 'image'] as const;
const cohereSchema = z.looseObject({
  texts: z.array(z.string().max(2048)).max(96),
  input_type: z.enum(inputTypes),
  truncate: z.enum(['NONE', 'START', 'END', 'LEFT', 'RIGHT']).optional(),
  embedding_types: z.array(z.enum(['float', 'int8', 'uint8', 'binary', 'ubinary'])).min(1).optional(),
  output_dimension: z.union([z.literal(256), z.literal(512), z.literal(1024), z.literal(1536)]).optional(),
});

/** Scales a unit vector's components into a byte range, as Cohere's compressed types do. */
const quantize = (vector: readonly number[], signed: boolean): number[] => vector.map((value) => Math.max(signed ? -128 : 0, Math.min(signed ? 127 : 255, Math.round(signed ? value * 127 * 8 : (value * 8 + 1) * 127.5))));
/** Eight signs to a byte, as Cohere packs `binary` (signed) and `ubinary` embeddings. */
const packBits = (vector: readonly number[], signed: boolean): number[] => {
  const bytes: number[] = [];
  for (let index = 0; index < vector.length; index += 8) {
    let byte = 0;
    for (let bit = 0; bit < 8; bit += 1) byte = (byte << 1) | ((vector[index + bit] ?? 0) > 0 ? 1 : 0);
    bytes.push(signed ? byte - 128 : byte);
  }
  return bytes;
};

export const cohereEmbedFormat: EmbedFormat = {
  embed(body, model) {
    const cohere = checkBody(cohereSchema, body);
    const dimensions = /embed-v4/.test(model.base) ? (cohere.output_dimension ?? 1536) : 1024;
    const vectors = cohere.texts.map((text) => embedText(text, dimensions));
    const inputTokens = cohere.texts.reduce((sum, text) => sum + tokensOf(text), 0);
    const common = { id: crypto.randomUUID(), texts: cohere.texts };
    if (cohere.embedding_types === undefined) return { body: { ...common, embeddings: vectors, response_type: 'embeddings_floats' }, inputTokens, texts: cohere.texts };
    const byType: Record<string, number[][]> = {};
    for (const type of cohere.embedding_types) {
      byType[type] = vectors.map((vector) =>
        type === 'float' ? vector : type === 'int8' ? quantize(vector, true) : type === 'uint8' ? quantize(vector, false) : packBits(vector, type === 'binary'),
      );
    }
    return { body: { ...common, embeddings: byType, response_type: 'embeddings_by_type' }, inputTokens, texts: cohere.texts };
  },
};
