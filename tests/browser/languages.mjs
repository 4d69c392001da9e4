// Translations in the browser: the language switcher reaches the same page
// in every language (by clicking through it), a search on the French site
// finds a French-only word and fetches French index files only, and the
// Arabic pages are laid out right to left (sidebar on the right, text
// starting on the right) and pass axe in light and dark at both widths,
// with screenshots.

import { join } from 'node:path';
import { DESKTOP, PHONE, assert, assertEq, axe, formatNodes, newContext, settle } from './lib.mjs';

async function goto(env, page, path) {
  await page.goto(env.base + path, { waitUntil: 'load' });
  await settle(page);
}

/* The path of the page shown, from the site root. */
function here(env, page) {
  return decodeURIComponent(new URL(page.url()).pathname).slice(new URL(env.base).pathname.length);
}

export async function switcher(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  const page = await env.open(ctx);
  const start = 'fr/roles/contributor.html';
  const want = ['roles/contributor.html', 'fr/roles/contributor.html', 'ar/roles/contributor.html'];
  const reached = [];
  for (let i = 0; i < want.length; i++) {
    await goto(env, page, start);
    await page.locator('.lang-switcher > summary').click();
    const link = page.locator('.lang-switcher a').nth(i);
    assert(await link.isVisible(), `switcher entry ${i} is visible once opened`);
    await link.click();
    await page.waitForLoadState('load');
    reached.push(here(env, page));
    const lang = await page.evaluate(() => document.documentElement.lang);
    assertEq(lang, ['en', 'fr', 'ar'][i], `the page reached through entry ${i} is in its language`);
  }
  assertEq(reached.join(' '), want.join(' '), 'the switcher leads to the same page in every language');
  /* An untranslated page: the notice is in French, the text marked English. */
  await goto(env, page, 'fr/roles/reviewer.html');
  const notice = page.locator('.translation-notice');
  assert(await notice.isVisible(), 'an untranslated page shows the notice');
  assertEq(await page.locator('main div[lang="en"]').count(), 1, 'the untranslated text is marked as English');
  await notice.screenshot({ path: join(env.shots, 'translation-notice.png') });
  await page.locator('.lang-switcher > summary').click();
  await page.screenshot({ path: join(env.shots, 'language-switcher-open.png'), clip: { x: 0, y: 0, width: DESKTOP.width, height: 300 } });
  await ctx.close();
}

export async function search(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  const page = await env.open(ctx);
  const fetched = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.includes('/search/')) fetched.push(path.slice(new URL(env.base).pathname.length));
  });
  await goto(env, page, 'fr/index.html');
  const input = page.locator('#search-input');
  await input.click();
  await input.fill('mainteneurs');
  await page.waitForSelector('#search-popup:not([hidden]) .search-result');
  const hrefs = await page.locator('#search-popup .search-result').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert(hrefs.some((h) => h.includes('roles/maintainer.html')), `French search finds the French maintainer page: ${hrefs}`);
  assert(fetched.length > 0, 'the search fetched index files');
  const foreign = fetched.filter((p) => !p.startsWith('fr/search/'));
  assertEq(foreign.join(', '), '', 'a search on the French site fetches French index files only');
  await ctx.close();
}

const SCHEMES = [
  { name: 'light', colorScheme: 'light', storedTheme: null },
  { name: 'dark', colorScheme: 'light', storedTheme: 'dark' },
];

export async function rightToLeft(env) {
  const problems = [];
  for (const viewport of [DESKTOP, PHONE]) {
    for (const scheme of SCHEMES) {
      const ctx = await newContext(env.browser, { viewport, colorScheme: scheme.colorScheme, storedTheme: scheme.storedTheme });
      const page = await env.open(ctx);
      for (const path of ['ar/index.html', 'ar/roles/contributor.html', 'ar/roles/index.html']) {
        const where = `${path} (${viewport.name}/${scheme.name})`;
        await goto(env, page, path);
        const s = await page.evaluate(() => {
          const main = document.querySelector('main').getBoundingClientRect();
          const side = document.querySelector('#sidebar').getBoundingClientRect();
          return {
            dir: getComputedStyle(document.querySelector('main')).direction,
            sidebarRight: side.left >= main.right - 1,
            sidebarShown: getComputedStyle(document.querySelector('#sidebar')).visibility !== 'hidden',
            over: document.documentElement.scrollWidth - window.innerWidth,
          };
        });
        if (s.dir !== 'rtl') problems.push(`${where}: main is ${s.dir}`);
        if (viewport === DESKTOP && !s.sidebarRight) problems.push(`${where}: the sidebar is not on the right`);
        if (viewport === PHONE && s.sidebarShown) problems.push(`${where}: the phone sidebar shows while closed`);
        if (s.over > 0) problems.push(`${where}: the page scrolls sideways by ${s.over}px`);
        for (const v of await axe(page)) problems.push(`${where}: axe [${v.impact}] ${v.id}: ${v.help}\n${formatNodes(v.nodes)}`);
        const name = path.replace(/[/.]/g, '-');
        await page.screenshot({ path: join(env.shots, `rtl-${name}-${viewport.name}-${scheme.name}.png`), fullPage: false });
      }
      await ctx.close();
    }
  }
  return problems;
}
