import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/playback/manual-clock.ts';
import { credentials, haiku, region, useEmulator } from '../support/emulator.ts';

// A wall time far from the machine's: whatever the emulator stamps with it came from its clock.
const startsAt = Date.UTC(2031, 4, 6, 7, 8, 9);
const seconds = (epochMs: number): number => Math.floor(epochMs / 1000);
const gptOss = 'openai.gpt-oss-120b-1:0';

const clock = createManualClock(0, startsAt);
const running = await useEmulator([{ response: { text: 'On time.' }, timing: 'instant' }], { clock });
const client = new BedrockRuntimeClient({ endpoint: running.url, region, credentials, maxAttempts: 1 });
afterAll(() => client.destroy());

describe('the clock option: the wall time the emulator stamps', () => {

  it("journals each call's arrival at the clock's time, as it moves", async () => {
    running.emulator.reset();
    await client.send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'when?' }] }] }));
    await clock.advance(90_500);
    await client.send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'and now?' }] }] }));
    expect(running.emulator.calls().map((call) => call.at)).toEqual([new Date(startsAt).toISOString(), new Date(startsAt + 90_500).toISOString()]);
  });

  it("dates chat completions and responses (`created`, `created_at`) by the clock, on every route that makes one", async () => {
    const openai = new OpenAI({ baseURL: `${running.url}/openai/v1`, apiKey: 'bedrock-api-key-anything', maxRetries: 0 });
    const now = (): number => startsAt + clock.now();

    const completion = await openai.chat.completions.create({ model: gptOss, messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.created).toBe(seconds(now()));
    const chunks = [];
    for await (const chunk of await openai.chat.completions.create({ model: gptOss, messages: [{ role: 'user', content: 'hi' }], stream: true })) chunks.push(chunk);
    expect(new Set(chunks.map((chunk) => chunk.created))).toEqual(new Set([seconds(now())]));

    await clock.advance(3_000);
    const response = await openai.responses.create({ model: gptOss, input: 'hi' });
    expect(response.created_at).toBe(seconds(now()));

    await clock.advance(5_000);
    const invoked = await client.send(new InvokeModelCommand({ modelId: gptOss, body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }) }));
    expect((JSON.parse(new TextDecoder().decode(invoked.body)) as { created: number }).created).toBe(seconds(now()));
  });
});

const alice = { accessKeyId: 'AKIAALICEEXAMPLE', secretAccessKey: 'alice-secret-0123456789' };
const authClock = createManualClock(0, startsAt);
const verifying = await useEmulator([{ response: { text: 'Verified.' }, timing: 'instant' }], { clock: authClock, auth: { modes: ['sigv4'], region, accountId: '123456789012', credentials: [alice], apiKeys: [] } });
const signers: BedrockRuntimeClient[] = [];
afterAll(() => signers.forEach((signer) => signer.destroy()));

describe('the clock option: the time signatures are checked against', () => {
  const converseSignedAt = async (epochMs: number): Promise<string> => {
    // The SDK signs at its own time plus this offset: here, the time asked for.
    const client = new BedrockRuntimeClient({ endpoint: verifying.url, region, credentials: alice, maxAttempts: 1, systemClockOffset: epochMs - Date.now() });
    signers.push(client);
    try {
      const output = await client.send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
      return output.output?.message?.content?.[0]?.text ?? '';
    } catch (error) {
      return (error as Error).name;
    }
  };

  it("accepts a signature dated at the clock's time, and refuses one dated at the machine's", async () => {
    expect(await converseSignedAt(startsAt)).toBe('Verified.');
    expect(await converseSignedAt(Date.now())).toBe('InvalidSignatureException');
    await authClock.advance(10 * 60_000);
    expect(await converseSignedAt(startsAt)).toBe('InvalidSignatureException');
    expect(await converseSignedAt(startsAt + 10 * 60_000)).toBe('Verified.');
  });
});
