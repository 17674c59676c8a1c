import { describe, expect, it } from 'vitest';
import { planWithEveryVariant } from '../../../core/planning/test-support.ts';
import { parseModelId, type ModelId } from '../../model-ids/model-id.ts';
import { novaFormat } from './nova-format.ts';

describe("Nova's InvokeModel body with the stream variants it cannot say", () => {
  it('holds the text only', () => {
    const model = parseModelId('amazon.nova-pro-v1:0') as ModelId;
    expect(novaFormat.render(planWithEveryVariant(), model, 0).join()).toMatchObject({ output: { message: { content: [{ text: 'Blue.' }, { text: ' Done.' }] } } });
  });
});
