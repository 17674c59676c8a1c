import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../demo/start-demo.ts';
import { eventually } from '../support/emulator.ts';
import { useBrowser } from '../support/browser.ts';

/**
 * The chat page in a real headless Chromium, against the whole chain
 * (`npm run demo`): the page → each front door → the shipped functions →
 * the emulator. Fixture delays run at 0.15×: the long story takes ~5 s, and
 * the BUFFERED route's integration timeout is 1.5 s.
 */
const stopBoundMs = 600;
const openPage = useBrowser();
let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ speed: 0.15, integrationTimeoutMs: 1500, onLog: () => undefined });
}, 30_000);
afterAll(() => demo.close());

/** Opens the page and records, in the page's own clock, every change to the answer. */
async function chatPage(door: string): Promise<Page> {
  const page = await openPage();
  await page.goto(demo.pageUrl);
  await page.check(`input[name="door"][value="${door}"]`);
  // Page-side code is given as text: it runs in the browser, not under Node's types.
  await page.evaluate(`{
    const changes = (window.answerChanges = []);
    const answer = document.querySelector('#answer');
    new MutationObserver(() => changes.push({ at: performance.now(), length: answer.textContent.length })).observe(answer, { childList: true, characterData: true, subtree: true });
  }`);
  return page;
}

const answerChanges = (page: Page) => page.evaluate<{ at: number; length: number }[]>('window.answerChanges');
const answerLongerThan = (page: Page, length: number) => page.waitForFunction(`document.querySelector('#answer').textContent.length > ${length}`);
const statusStartsWith = (page: Page, text: string, timeout: number) => page.waitForFunction(`document.querySelector('#status').textContent.startsWith(${JSON.stringify(text)})`, undefined, { timeout });
const pageClock = (page: Page) => page.evaluate<number>('performance.now()');
const status = (page: Page) => page.textContent('#status');
const lastLongStory = () => demo.bedrockCalls().filter((call) => call.fixture?.name === 'long-story').at(-1);

describe('the chat page, in Chromium', () => {
  it('streams over the WebSocket API, and Stop halts the answer within the bound, cancelling the Bedrock stream', async () => {
    const page = await chatPage('websocket');
    await page.fill('#prompt', 'Tell me a long story');
    await page.click('#send');
    // Long enough that the growth spans a while even if a loaded machine bunches some pieces.
    await answerLongerThan(page, 250);
    const before = await answerChanges(page);
    // The text grew in many steps over time, not at once.
    expect(before.length).toBeGreaterThan(5);
    expect((before.at(-1)?.at ?? 0) - (before[0]?.at ?? 0)).toBeGreaterThan(100);
    const clickedAt = await pageClock(page);
    await page.click('#stop');
    await statusStartsWith(page, 'Stopped', 3000);
    const stoppedAt = await pageClock(page);
    expect(stoppedAt - clickedAt).toBeLessThan(stopBoundMs);
    const lengthAtStop = (await page.textContent('#answer'))?.length ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await page.textContent('#answer'))?.length).toBe(lengthAtStop);
    expect(lengthAtStop).toBeLessThan(1500);
    await eventually(() => expect(lastLongStory()?.outcome).toBe('client-aborted'));
    console.log(`[chat page] Stop → "Stopped." in the page: ${(stoppedAt - clickedAt).toFixed(0)} ms`);
    await page.close();
  });

  it('shows the BUFFERED REST path answering 504 when the answer outlasts the integration timeout', async () => {
    const page = await chatPage('rest-buffered');
    await page.fill('#prompt', 'Tell me a long story');
    const startedAt = Date.now();
    await page.click('#send');
    await statusStartsWith(page, '504', 5000);
    expect(await status(page)).toMatch(/^504 Endpoint request timed out \(1\.\d s\)$/);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1400);
    expect(await page.textContent('#answer')).toBe('');
    await page.close();
  });

  it('streams the same answer through the REST STREAM path, past the buffered route\'s timeout', async () => {
    const page = await chatPage('rest-stream');
    await page.fill('#prompt', 'Tell me a long story');
    await page.click('#send');
    await statusStartsWith(page, 'Done', 15_000);
    const changes = await answerChanges(page);
    expect(changes.length).toBeGreaterThan(20);
    // Text kept arriving well after the 1.5 s at which the BUFFERED route gave up.
    expect((changes.at(-1)?.at ?? 0) - (changes[0]?.at ?? 0)).toBeGreaterThan(2000);
    expect(await page.textContent('#answer')).toMatch(/^Once upon a time, in a valley[\s\S]*The end\.$/);
    await page.close();
  }, 20_000);

  it('streams through the Function URL, and Stop closes the request, which cancels the function\'s Bedrock call', async () => {
    const page = await chatPage('function-url');
    await page.fill('#prompt', 'Tell me a long story');
    await page.click('#send');
    await answerLongerThan(page, 40);
    await page.click('#stop');
    await statusStartsWith(page, 'Stopped', 3000);
    await eventually(() => expect(lastLongStory()?.outcome).toBe('client-aborted'));
    await page.close();
  });
});
