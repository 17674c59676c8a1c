import { describe, expect, it } from 'vitest';
import { planWithEveryVariant } from '../../../core/planning/test-support.ts';
import { parseModelId, type ModelId } from '../../model-ids/model-id.ts';
import { deepseekFormat, llamaFormat } from './prompt-formats.ts';

describe('the prompt families (Llama, DeepSeek) with the stream variants they cannot say', () => {
  it('send the text only', () => {
    const model = (id: string): ModelId => parseModelId(id) as ModelId;
    expect(llamaFormat.render(planWithEveryVariant(), model('meta.llama3-70b-instruct-v1:0'), 0).join()).toMatchObject({ generation: 'Blue. Done.' });
    expect(deepseekFormat.render(planWithEveryVariant(), model('deepseek.r1-v1:0'), 0).join()).toEqual({ choices: [{ text: 'Blue. Done.', stop_reason: 'stop' }] });
  });
});
