import { describe, expect, it } from 'vitest';
import { deepseekConversation, instConversation, llamaConversation, titanConversation } from './prompt-turns.ts';

const texts = (conversation: ReturnType<typeof llamaConversation>) => conversation.messages.map((message) => `${message.role}: ${message.content.map((part) => (part.kind === 'text' ? part.text : '')).join('')}`);

describe('prompt templates read back into turns', () => {
  it('Llama 3 headers, with the system turn and the open assistant header', () => {
    const conversation = llamaConversation(
      '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nAnd Paris?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
    );
    expect(conversation.system).toBe('Be brief.');
    expect(texts(conversation)).toEqual(['user: Hi', 'assistant: Hello!', 'user: And Paris?']);
  });

  it("Llama 4's renamed markers, and a bare prompt as one user message", () => {
    expect(texts(llamaConversation('<|begin_of_text|><|header_start|>user<|header_end|>\n\nHi there<|eot|><|header_start|>assistant<|header_end|>\n\n'))).toEqual(['user: Hi there']);
    expect(texts(llamaConversation('  Just a question?  '))).toEqual(['user: Just a question?']);
  });

  it('[INST] turns with a <<SYS>> block (Mistral, Llama 2)', () => {
    const conversation = instConversation('<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello!</s><s>[INST] And Paris? [/INST]');
    expect(conversation.system).toBe('Be brief.');
    expect(texts(conversation)).toEqual(['user: Hi', 'assistant: Hello!', 'user: And Paris?']);
  });

  it('DeepSeek turns, the reasoning of earlier answers left out', () => {
    expect(texts(deepseekConversation('<｜begin▁of▁sentence｜>Be brief.<｜User｜>Hi<｜Assistant｜><think>hmm</think>Hello!<｜end▁of▁sentence｜><｜User｜>And Paris?<｜Assistant｜><think>\n'))).toEqual(['user: Hi', 'assistant: Hello!', 'user: And Paris?']);
  });

  it("Titan's User:/Bot: lines, and text without them", () => {
    expect(texts(titanConversation('User: Hi\nBot: Hello!\nUser: And Paris?\nBot:'))).toEqual(['user: Hi', 'assistant: Hello!', 'user: And Paris?']);
    expect(texts(titanConversation('Summarize this text.'))).toEqual(['user: Summarize this text.']);
  });

  it('reads a prompt of any size in one pass (a 25 MB body must not stall the server)', () => {
    const started = performance.now();
    titanConversation(`User: hi${'\n'.repeat(400_000)}${' '.repeat(400_000)}x`);
    titanConversation(`${'\n \t'.repeat(300_000)}User:`);
    instConversation('[INST]'.repeat(200_000));
    instConversation(`[INST] ${'<<SYS>>'.repeat(100_000)} [/INST]`);
    llamaConversation('<|start_header_id|>user<|end_header_id|>'.repeat(50_000));
    deepseekConversation(`<｜User｜>hi<｜Assistant｜>${'<think>'.repeat(200_000)}`);
    // Quadratic parsing took seconds on a tenth of this; linear parsing takes milliseconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
