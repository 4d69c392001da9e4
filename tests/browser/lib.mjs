// Shared helpers for the browser checks: launching Chromium, tracking page
// errors, running axe-core, small assertion and concurrency utilities.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const DESKTOP = { name: 'desktop', width: 1280, height: 900 };
export const PHONE = { name: 'phone', width: 375, height: 740 };

/* Default timeout of every Playwright wait and action, in ms. */
export const TIMEOUT = 15_000;

export function launch(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 30_000,
    /* Playwright gives every launch a fresh temporary --user-data-dir. */
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/* A fresh context (own localStorage) at a viewport and colour scheme. */
export async function newContext(browser, { viewport = DESKTOP, colorScheme = 'light', storedTheme = null } = {}) {
  const ctx = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    colorScheme,
    reducedMotion: 'reduce',
    /* Phone width is tested as a narrow touch-free window: the layout
       switches on width alone, and isMobile would change the viewport. */
  });
  ctx.setDefaultTimeout(TIMEOUT);
  ctx.setDefaultNavigationTimeout(TIMEOUT);
  if (storedTheme) {
    await ctx.addInitScript((t) => {
      try { localStorage.setItem('waybook-theme', t); } catch (e) { /* ignore */ }
    }, storedTheme);
  }
  return ctx;
}

export class CheckError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CheckError';
  }
}

export function assert(cond, message) {
  if (!cond) throw new CheckError(message);
}

export function assertEq(actual, expected, message) {
  if (actual !== expected) {
    throw new CheckError(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/*
 * Record everything that counts as a page error: console errors, uncaught
 * exceptions, the theme script's own "waybook:" warnings (it swallows init
 * exceptions into console.warn), failed requests, HTTP errors and requests
 * leaving the site's origin. Returns the live list.
 */
export function trackErrors(page, origin) {
  const errors = [];
  const where = () => {
    try { return new URL(page.url()).pathname; } catch (e) { return page.url(); }
  };
  page.on('console', (msg) => {
    const type = msg.type();
    const text = msg.text();
    if (type === 'error' || (type === 'warning' && text.startsWith('waybook:'))) {
      const loc = msg.location();
      errors.push(`${where()}: console.${type}: ${text}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => errors.push(`${where()}: uncaught exception: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (/^(data|blob|about):/.test(url)) return;
    if (!url.startsWith(origin)) errors.push(`${where()}: request leaves the site: ${url}`);
  });
  page.on('requestfailed', (req) => {
    const failure = req.failure();
    const text = failure ? failure.errorText : 'unknown';
    /* A navigation started by the test cancels the old page's requests. */
    if (text === 'net::ERR_ABORTED' && !req.isNavigationRequest()) return;
    errors.push(`${where()}: request failed: ${req.url()} (${text})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`${where()}: HTTP ${res.status()} for ${res.url()}`);
  });
  return errors;
}

/* Wait until the page has loaded, run its deferred script and painted. */
export async function settle(page) {
  await page.waitForLoadState('load');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

let axeSource = null;

/* Run axe-core on the page; returns the serious and critical violations. */
export async function axe(page, context = null) {
  if (axeSource === null) axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (ctx) => {
    const res = await window.axe.run(ctx ? { include: [ctx] } : document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        /* First hint only: "Fix any of the following:\n  <hint>\n  …" */
        summary: (n.failureSummary || '').split('\n').slice(1, 2).join(' ').trim().slice(0, 160),
      })),
    }));
  }, context);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function formatNodes(nodes) {
  const shown = nodes.slice(0, 3).map((n) => `    at ${n.target}: ${n.summary}`).join('\n');
  return nodes.length > 3 ? `${shown}\n    … and ${nodes.length - 3} more` : shown;
}

/* Run fn over items with at most `limit` in flight; results in order. */
export async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/* Site-relative path of a page URL (no leading slash, no query). */
export function relPath(url, base) {
  const u = new URL(url);
  const b = new URL(base);
  let p = u.pathname;
  if (p.startsWith(b.pathname)) p = p.slice(b.pathname.length);
  return p.replace(/^\//, '');
}
