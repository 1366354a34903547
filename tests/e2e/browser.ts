// Headless Chromium for the browser tests (Debian's `chromium`, driven by playwright-core).
// Without it the tests are skipped with a loud warning, except on CI, where they fail.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { describe } from 'vitest';

// CHROMIUM_PATH, when set, is the only place looked at (also how to try the no-browser path).
const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const chromiumPath: string | undefined = candidates.find((path) => existsSync(path));
const required = process.env.CI === 'true';

if (!chromiumPath) {
  const message = `No Chromium found (looked at ${candidates.join(', ')}).`;
  if (required)
    console.error(`\n✖ ${message} CI=true: the browser tests fail. Install Debian's "chromium" package or set CHROMIUM_PATH.\n`);
  else
    console.warn(
      `\n⚠⚠⚠ ${message} THE BROWSER TESTS ARE SKIPPED. Install Debian's "chromium" package or set CHROMIUM_PATH to run them. ⚠⚠⚠\n`,
    );
}

/** `describe` when a browser can run (or must, on CI); `describe.skip` otherwise. */
export const describeInBrowser = chromiumPath || required ? describe : describe.skip;

export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error(`Chromium is required (CI=true) but was not found at ${candidates.join(', ')}`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
