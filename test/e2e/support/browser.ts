// Debian's Chromium driven by playwright-core: a fresh profile per run, console errors collected, screenshots saved.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Why the browser tests cannot run here, or null when they can. */
export function skipReason(): string | null {
  return existsSync(CHROMIUM) ? null : `e2e skipped: ${CHROMIUM} is absent (apt-get install chromium to run the UI tests).`;
}

export type Browser = {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions, except the browser's note of an HTTP error status (see `apiFailures`). */
  errors: string[];
  /** Non-2xx answers of /api: each must carry a PosResult (a typed failure the UI shows), checked by `close`. */
  apiFailures: { url: string; status: number; isPosResult: boolean }[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
};

/** The fields of CDP Input.dispatchKeyEvent this file uses. */
type KeyEvent = {
  type: 'keyDown' | 'keyUp'; key: string; code: string; text?: string; unmodifiedText?: string; windowsVirtualKeyCode: number; timestamp: number;
};

const HTTP_STATUS_NOTE = /^Failed to load resource: the server responded with a status of \d{3}/;

export async function openBrowser(viewport = { width: 1366, height: 800 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'stalela-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, locale: 'fr-FR', timezoneId: 'Africa/Kinshasa',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const apiFailures: Browser['apiFailures'] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !HTTP_STATUS_NOTE.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('response', async (res) => {
    if (res.status() < 400) return;
    let isPosResult = false;
    try {
      const body = (await res.json()) as { ok?: unknown; error?: { code?: unknown } };
      isPosResult = body.ok === false && typeof body.error?.code === 'string';
    } catch {
      isPosResult = false;
    }
    apiFailures.push({ url: res.url(), status: res.status(), isPosResult });
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context, page, errors, apiFailures,
    async screenshot(name) {
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A wedge scanner's burst through Chromium's own input pipeline (CDP Input.dispatchKeyEvent): each key with its
 * physical `code` and the character the given layout would produce, then Enter. `layout: 'azerty'` sends the digits as
 * an AZERTY keyboard does unshifted (& é " ' ( - è _ ç à), which only `KeyboardEvent.code` can read back. `gapMs` is the
 * time from one key to the next, stamped on the events themselves.
 */
export async function scan(page: Page, barcode: string, layout: 'qwerty' | 'azerty' = 'qwerty', gapMs = 8): Promise<void> {
  const azerty = 'à&é"\'(-è_ç';
  const cdp = await page.context().newCDPSession(page);
  // Each key carries its own time (`gapMs` apart: 8 ms as a scanner's would), so a busy test machine cannot stretch the
  // burst; the events are sent back to back without waiting for each to be acknowledged, as a USB wedge delivers them.
  let at = Date.now() / 1000;
  const next = () => (at += gapMs / 2000);
  const events: KeyEvent[] = [];
  for (const ch of barcode) {
    const isDigit = /\d/.test(ch);
    const code = isDigit ? `Digit${ch}` : `Key${ch.toUpperCase()}`;
    const text = isDigit && layout === 'azerty' ? azerty[Number(ch)]! : ch;
    const vk = isDigit ? 48 + Number(ch) : ch.toUpperCase().charCodeAt(0);
    events.push({ type: 'keyDown', key: text, code, text, unmodifiedText: text, windowsVirtualKeyCode: vk, timestamp: next() });
    events.push({ type: 'keyUp', key: text, code, windowsVirtualKeyCode: vk, timestamp: next() });
  }
  events.push({ type: 'keyDown', key: 'Enter', code: 'Enter', text: '\r', windowsVirtualKeyCode: 13, timestamp: next() });
  events.push({ type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, timestamp: next() });
  try {
    await Promise.all(events.map((e) => cdp.send('Input.dispatchKeyEvent', e)));
  } finally {
    await cdp.detach();
  }
}

/**
 * Logs a person in by typing the name and PIN then Enter (logging out first when someone is in), and waits for the
 * screen their role lands on (`till`, `owner-home`, `pairing-wizard`).
 */
export async function logIn(page: Page, who: { name: string; pin: string }, lands: string): Promise<void> {
  if ((await page.getByTestId('logout').count()) > 0) await page.getByTestId('logout').click();
  await page.getByTestId('login-name').fill(who.name);
  await page.getByTestId('login-pin').fill(who.pin);
  await page.keyboard.press('Enter');
  await page.getByTestId(lands).waitFor();
}
