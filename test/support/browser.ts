import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll } from 'vitest';

/** The system Chromium (Debian's `chromium` package): `npx playwright install` downloads its own and fails offline. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Playwright adds most of these itself (and a fresh `--user-data-dir` per launch,
// removed on close), but the tests should not depend on its defaults: no GPU on
// CI machines, no QUIC, and no background traffic to Google on a machine that
// only reaches the npm registry and Debian.
const flags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function launchChromium(): Promise<Browser> {
  try {
    accessSync(chromiumPath, constants.X_OK);
  } catch {
    // Failing, not skipping: a browser test that silently does not run proves nothing.
    throw new Error(`No Chromium at ${chromiumPath}: run scripts/setup.sh (as root it installs Debian's chromium package) or set CHROMIUM_PATH, because the browser tests need a real Chromium.`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: flags, timeout: 15_000 });
}

/**
 * One headless Chromium for the test file, launched on the first page and
 * closed after the file, so no browser is left running. Each page gets a
 * fresh browser context (no cookies or cache shared between tests).
 *
 * @example
 * const openPage = useBrowser();
 * it('renders', async () => { const page = await openPage(); await page.goto(url); });
 */
export function useBrowser(): () => Promise<Page> {
  let launching: Promise<Browser> | undefined;
  afterAll(async () => {
    // A failed launch has already failed the test that asked for a page; nothing to close.
    const browser = await launching?.catch(() => undefined);
    await browser?.close();
  });
  return async () => {
    launching ??= launchChromium();
    const browser = await launching;
    return browser.newPage();
  };
}
