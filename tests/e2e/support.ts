// The browser tests' world: the built client served by the real server, the Ollama
// stand-in behind it, headless Chromium in front; and what the tests read off the page.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { buildClient } from '../../client/build.js';
import { agentOf, getCampaign } from '../support/campaigns.js';
import { type ChatBehaviour, type ChatRequestSeen, type OllamaStandIn, startOllamaStandIn } from '../support/ollama-standin.js';
import { repoRoot, startTestServer, type TestServer } from '../support/server.js';
import { launchChromium } from './browser.js';

/** Tests never rewrite tracked files: screenshots go to test-results/ unless UPDATE_SCREENSHOTS=1 refreshes the README's. */
export const screenshotsDir = join(repoRoot, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots');

export interface WebClientWorld {
  ollama: OllamaStandIn;
  server: TestServer;
  browser: Browser;
  stop(): Promise<void>;
}

async function startWebClientWorld(environment: Record<string, string> = {}): Promise<WebClientWorld> {
  const browser = await launchChromium(); // first: without a browser nothing else is worth starting
  let ollama: OllamaStandIn | undefined;
  let server: TestServer | undefined;
  try {
    await buildClient({ quiet: true });
    ollama = await startOllamaStandIn({ defaults: { tokenDelayMs: 15 } });
    server = await startTestServer({ OLLAMA_HOST: ollama.url, ...environment });
  } catch (error) {
    await Promise.allSettled([browser.close(), ollama?.close()]);
    throw error;
  }
  return {
    ollama,
    server,
    browser,
    async stop() {
      await browser.close();
      await server.stop();
      await ollama.close();
    },
  };
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page: a test ends by expecting none. */
  errors: string[];
  /**
   * What the Content-Security-Policy blocked, as "directive: what": a test ends by expecting none, so
   * every browser test checks the UI works under the CSP. A test that provokes one on purpose takes it out.
   */
  cspViolations: string[];
  close(): Promise<void>;
}

/** The page's own report of a blocked load or script, passed out through a binding (which no CSP stops). */
function reportCspViolations() {
  document.addEventListener('securitypolicyviolation', (event) => {
    const what = event.blockedURI || 'inline';
    const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
    (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(`${event.effectiveDirective}: ${what}${where}`);
  });
}

async function openPage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<OpenPage> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const cspViolations: string[] = [];
  await context.exposeBinding('reportCspViolation', (_source, text: string) => void cspViolations.push(text));
  await context.addInitScript(reportCspViolations);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors, cspViolations, close: () => context.close() };
}

/** A file's world as its tests use it: the parts, once started, and a page for the test that asks. */
export interface BrowserTestWorld extends Omit<WebClientWorld, 'stop'> {
  /** A fresh page, closed after the test, which then fails if a page threw or broke the CSP. */
  open(viewport?: { width: number; height: number }): Promise<OpenPage>;
}

/**
 * Starts the world before a file's tests (then `prepare`, for what the whole file needs) and stops it
 * after them. After each test its page is closed, the test fails if the page threw or the CSP blocked
 * anything, and the stand-in's per-request behaviour (`options.chat`) is cleared.
 */
export function useWebClientWorld(
  environment: Record<string, string> = {},
  prepare?: (world: WebClientWorld) => Promise<void> | void,
): BrowserTestWorld {
  let world: WebClientWorld | undefined;
  let pages: OpenPage[] = [];
  beforeAll(async () => {
    world = await startWebClientWorld(environment);
    await prepare?.(world);
  }, 120_000);
  afterAll(() => world?.stop());
  afterEach(async () => {
    if (world) world.ollama.options.chat = undefined;
    const errors = pages.flatMap((page) => page.errors);
    const cspViolations = pages.flatMap((page) => page.cspViolations);
    await Promise.all(pages.map((page) => page.close()));
    pages = [];
    expect(errors).toEqual([]);
    expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
  });
  const started = (): WebClientWorld => {
    if (!world) throw new Error('the browser world starts in beforeAll: use it inside a test');
    return world;
  };
  return {
    get ollama() {
      return started().ollama;
    },
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    async open(viewport) {
      const page = await openPage(started().browser, viewport);
      pages.push(page);
      return page;
    },
  };
}

/** The Content Creator writes slowly (a window to watch, cancel or reload in); the reviewers are quick. */
export const slowWriter =
  (tokenDelayMs: number) =>
  (request: ChatRequestSeen): ChatBehaviour =>
    agentOf(request) === 'CONTENT_CREATOR' ? { tokenDelayMs } : { tokenDelayMs: 2 };

export const agentOutput = (page: Page, role: string, attempt = 1) =>
  page.locator(`[data-testid="agent-output"][data-role="${role}"][data-attempt="${attempt}"]`);

export async function outputText(page: Page, role: string, attempt = 1): Promise<string> {
  const output = agentOutput(page, role, attempt);
  return (await output.count()) > 0 ? ((await output.textContent()) ?? '') : '';
}

export async function waitForOutputLength(page: Page, role: string, atLeast: number, attempt = 1): Promise<number> {
  await expect
    .poll(async () => (await outputText(page, role, attempt)).length, { timeout: 20_000, interval: 50 })
    .toBeGreaterThanOrEqual(atLeast);
  return (await outputText(page, role, attempt)).length;
}

export async function waitForStatus(page: Page, status: string, timeout = 60_000): Promise<void> {
  await page.locator(`[data-testid="campaign-view"][data-status="${status}"]`).waitFor({ timeout });
}

export function campaignIdFromUrl(page: Page): string {
  const id = page.url().match(/#\/campaigns\/([^/?#]+)/)?.[1];
  if (!id) throw new Error(`not on a campaign page: ${page.url()}`);
  return decodeURIComponent(id);
}

/** Every finished step's panel shows exactly what the model streamed, as the API saved it: nothing repeated, nothing missing. */
export async function expectPanelsMatchSavedSteps(page: Page, graphqlUrl: string, campaignId: string): Promise<void> {
  const campaign = await getCampaign(graphqlUrl, campaignId);
  const completed = (
    campaign.steps as { role: string; attempt: number; status: string; output: string; rawOutput: string | null }[]
  ).filter((step) => step.status === 'COMPLETED');
  expect(completed.length).toBeGreaterThanOrEqual(5);
  for (const step of completed) {
    expect({ role: step.role, attempt: step.attempt, text: await outputText(page, step.role, step.attempt) }).toEqual({
      role: step.role,
      attempt: step.attempt,
      // The live view shows what the model streamed; the saved text may be cleaned of chatter.
      text: step.rawOutput ?? step.output,
    });
  }
}

export async function fillCampaignForm(
  page: Page,
  campaign: { brief: string; audience: string; type?: string; brand?: string; keyphrase?: string },
) {
  await page.getByLabel('What should the agents write?').fill(campaign.brief);
  await page.getByLabel('Target audience').fill(campaign.audience);
  if (campaign.type) await page.getByLabel('Content type').selectOption(campaign.type);
  if (campaign.brand) await page.getByLabel('Brand', { exact: true }).selectOption({ label: campaign.brand });
  if (campaign.keyphrase) await page.getByLabel(/SEO keyphrase/).fill(campaign.keyphrase);
}

/** Starts a campaign through the form and returns its id once the live view opens. */
export async function startCampaignInUi(page: Page, baseUrl: string, campaign: Parameters<typeof fillCampaignForm>[1]): Promise<string> {
  await page.goto(`${baseUrl}/#/create`);
  await fillCampaignForm(page, campaign);
  await page.getByRole('button', { name: 'Start campaign' }).click();
  await page.waitForURL(/#\/campaigns\//);
  await page.getByTestId('campaign-view').waitFor();
  return campaignIdFromUrl(page);
}
