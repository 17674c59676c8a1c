import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../support/browser.ts';

const pieces = ['one ', 'two ', 'three'];
const pieceGapMs = 30;

// The page reads the body with getReader(), as a chat UI does, and logs what
// it shows after each read with the page's own clock: timestamps taken in the
// page do not depend on how fast the test can ask for them over the protocol.
const page = `<!doctype html>
<meta charset="utf-8">
<button id="start">Start</button>
<pre id="output"></pre>
<script>
  const output = document.getElementById('output');
  window.arrivals = [];
  document.getElementById('start').addEventListener('click', async () => {
    const response = await fetch('/stream');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      output.textContent += decoder.decode(value, { stream: true });
      window.arrivals.push({ atMs: performance.now(), text: output.textContent });
    }
    output.dataset.done = 'true';
  });
</script>`;

async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.url === '/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
    return;
  }
  // No content-length, so Node sends it chunked: each write goes out as it is made.
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  for (const [index, piece] of pieces.entries()) {
    if (index > 0) await sleep(pieceGapMs);
    if (response.destroyed) return;
    response.write(piece);
  }
  response.end();
}

async function startServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => response.destroy(error instanceof Error ? error : new Error(String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      // The browser keeps its connection alive; drop it so close does not wait for it.
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

describe('a real headless Chromium', () => {
  const openPage = useBrowser();

  it('shows a chunked response growing piece by piece as it streams in', async () => {
    const server = await startServer();
    try {
      const browserPage = await openPage();
      await browserPage.goto(server.url);
      await browserPage.click('#start');

      const output = browserPage.locator('#output');
      await expect.poll(() => output.textContent()).not.toBe('');
      const early = await output.textContent();
      await browserPage.waitForSelector('#output[data-done="true"]');
      const final = await output.textContent();
      expect(final).toBe(pieces.join(''));
      expect(final?.startsWith(early ?? '')).toBe(true);

      const arrivals = await browserPage.evaluate(() => (globalThis as unknown as { arrivals: { atMs: number; text: string }[] }).arrivals);
      // Two reads at least, each showing more than the one before, the first
      // before the end was sent: the page saw the text grow, not one late body.
      expect(arrivals.length).toBeGreaterThanOrEqual(2);
      for (const [index, arrival] of arrivals.entries()) {
        const previous = arrivals[index - 1];
        if (previous !== undefined) expect(arrival.text.startsWith(previous.text) && arrival.text.length > previous.text.length).toBe(true);
      }
      expect(arrivals[0]?.text.length).toBeLessThan(final?.length ?? 0);
      const first = arrivals[0]?.atMs ?? 0;
      const last = arrivals.at(-1)?.atMs ?? 0;
      // Timers never fire early by more than a millisecond; a little slack for rounding.
      expect(last - first).toBeGreaterThanOrEqual(pieceGapMs - 5);
    } finally {
      await server.close();
    }
  });
});
