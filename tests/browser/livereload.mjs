// Live reload in a real browser: `waybook serve` on a temp copy of a
// handbook; an atomic save of a doc must reload the open page by itself,
// keeping the scroll position; a broken save shows the error overlay.

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CheckError, DESKTOP, assert, newContext, settle } from './lib.mjs';

const DOC_SOURCE = 'docs/participation/onboarding.md';
const DOC_PAGE = 'docs/participation/onboarding.html';

/* Start `waybook serve DIR --port 0`; resolves to { url, stop }. */
function serve(waybook, dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(waybook, ['serve', dir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let log = '';
    let done = false;
    const timer = setTimeout(() => fail(new Error(`waybook serve did not print its address within 60 s:\n${log}`)), 60_000);
    function fail(err) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    }
    function onData(chunk) {
      log += chunk;
      const m = log.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        const stop = () => new Promise((r) => {
          if (child.exitCode !== null || child.signalCode !== null) return r();
          child.once('exit', () => r());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        });
        process.once('exit', () => { try { child.kill('SIGKILL'); } catch (e) { /* gone */ } });
        resolve({ url: `http://127.0.0.1:${m[1]}/`, stop, log: () => log });
      }
    }
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`waybook serve exited (${code}) before serving:\n${log}`)));
  });
}

/* Write-temp-then-rename, as editors do. */
function atomicSave(path, text) {
  const tmp = join(path, '..', `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export async function liveReload(env) {
  assert(env.waybook && env.handbook, 'live reload needs --waybook BIN and --handbook DIR');
  const dir = mkdtempSync(join(tmpdir(), 'waybook-live-'));
  cpSync(env.handbook, dir, {
    recursive: true,
    filter: (src) => !/[\\/](public|node_modules|\.git)$/.test(src),
  });
  const srv = await serve(env.waybook, dir);
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  try {
    const page = await env.open(ctx, srv.url);
    let navigations = 0;
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });
    await page.goto(srv.url + DOC_PAGE, { waitUntil: 'load' });
    await settle(page);
    assert(await page.locator('script[src*="__waybook/livereload.js"]').count() === 1,
      `${DOC_PAGE}: the live reload script is not on the served page`);
    /* Wait until the reload client has its event stream open. */
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('__waybook/status')), null, { timeout: 15_000 })
      .catch(() => { throw new CheckError(`${DOC_PAGE}: the reload client never reported in (no __waybook/status request)`); });

    const before = await page.evaluate(() => {
      window.scrollTo(0, 900);
      window.__waybookTestMarker = true;
      return window.scrollY;
    });
    assert(before >= 600, `${DOC_PAGE}: page too short to scroll (scrollY ${before})`);
    const startNavs = navigations;

    /* Change a sentence near the top (above the viewport) and add one at
       the end: both must appear without the test navigating. */
    const path = join(dir, DOC_SOURCE);
    const original = readFileSync(path, 'utf8');
    const stamp = `Live reload check ${Date.now()}`;
    const edited = original.replace('Most people get there within three weeks.', `Most people get there within three weeks. ${stamp} top.`)
      + `\n\n${stamp} bottom.\n`;
    assert(edited.includes(`${stamp} top`), `${DOC_SOURCE}: the sentence to edit is gone; update livereload.mjs`);
    atomicSave(path, edited);

    await page.getByText(`${stamp} bottom.`).waitFor({ state: 'attached', timeout: 20_000 })
      .catch(() => { throw new CheckError(`${DOC_PAGE}: no reload within 20 s of saving ${DOC_SOURCE}\nserver log:\n${srv.log()}`); });
    await settle(page);
    assert(navigations > startNavs, `${DOC_PAGE}: the new text appeared without a reload?`);
    assert(await page.evaluate(() => window.__waybookTestMarker === undefined), `${DOC_PAGE}: page was not reloaded`);
    assert(await page.getByText(`${stamp} top.`).isVisible(), `${DOC_PAGE}: edited sentence not visible after the reload`);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 60, before, { timeout: 5000 })
      .catch(async () => {
        const y = await page.evaluate(() => window.scrollY);
        throw new CheckError(`${DOC_PAGE}: scroll position not kept across the reload (was ${before}, now ${y})`);
      });

    /* A broken save: the page reloads once and shows the error overlay,
       keeping the last good content; fixing it removes the overlay. */
    atomicSave(path, `---\ntitle: [unclosed\n---\n${edited}`);
    const overlay = page.locator('#waybook-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 20_000 })
      .catch(() => { throw new CheckError(`${DOC_PAGE}: no error overlay after a broken save\nserver log:\n${srv.log()}`); });
    assert(/build errors/i.test(await overlay.innerText()), `${DOC_PAGE}: overlay text: ${await overlay.innerText()}`);
    assert(await page.getByText(`${stamp} top.`).isVisible(), `${DOC_PAGE}: last good content not shown under the overlay`);
    atomicSave(path, original);
    await page.getByText(`${stamp} top.`).waitFor({ state: 'detached', timeout: 20_000 })
      .catch(() => { throw new CheckError(`${DOC_PAGE}: no reload after fixing the broken save`); });
    await overlay.waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => { throw new CheckError(`${DOC_PAGE}: error overlay still shown after the fix`); });
  } finally {
    await ctx.close();
    await srv.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
