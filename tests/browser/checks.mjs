// The browser checks against a built site. Each check gets `env`:
// { browser, base, origin, shots, pages, open(ctx) } and throws CheckError
// (or returns a list of problems) on failure. Pages opened with env.open()
// have their console errors and failed requests reported by run.mjs.

import { join } from 'node:path';
import {
  CheckError,
  DESKTOP,
  PHONE,
  assert,
  assertEq,
  axe,
  formatNodes,
  newContext,
  pool,
  relPath,
  settle,
} from './lib.mjs';

/* Pages of the example handbook the checks use. */
export const PAGES = {
  home: 'index.html',
  doc: 'docs/participation/onboarding.html',
  role: 'roles/maintainer.html',
  journey: 'journeys/contributor-to-maintainer.html',
  glossary: 'glossary.html',
  search: 'search.html?q=vote',
  // highlighted YAML (comments, keys, strings, numbers): token colours are
  // checked for contrast by axe in every theme
  code: 'docs/decisions/proposal-process.html',
  // decision records: the index (by status, by year, supersession graph),
  // one record's header card, and a doc with a status banner
  decisions: 'decisions/index.html',
  decision: 'decisions/0007-two-week-discussion-and-final-comment.html',
  banner: 'docs/community/weekly-call-format.html',
  // the organisation chart (SVG on desktop, a nested list on phones) and
  // a group page with every section (roster, past members, meetings,
  // sub-groups, roles, owned docs, charter)
  groups: 'groups/index.html',
  group: 'groups/steering.html',
  people: 'people.html',
  // a person's page: memberships with terms, decisions, pages written
  person: 'people/amara.html',
  acknowledgements: 'acknowledgements.html',
  // the governance health report (areas, evidence, leadership, freshness)
  health: 'health.html',
};

async function goto(env, page, path) {
  await page.goto(env.base + path, { waitUntil: 'load' });
  await settle(page);
}

function here(env, page) {
  return relPath(page.url(), env.base);
}

/* Title of the current page as the <title> gives it ("Page · Handbook"). */
async function pageTitle(page) {
  const t = await page.title();
  const i = t.lastIndexOf(' · ');
  return i >= 0 ? t.slice(0, i) : t;
}

async function activeId(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    if (!a || a === document.body) return 'body';
    return a.id ? '#' + a.id : a.tagName.toLowerCase() + (a.className ? '.' + String(a.className).split(' ').join('.') : '');
  });
}

/* Relative luminance of the page background (0 black … 1 white). */
async function backgroundLuminance(page) {
  return page.evaluate(() => {
    function parse(c) {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      if (p.length > 3 && p[3] === 0) return null;
      return p.slice(0, 3);
    }
    const rgb = parse(getComputedStyle(document.body).backgroundColor)
      || parse(getComputedStyle(document.documentElement).backgroundColor)
      || [255, 255, 255];
    const lin = rgb.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  });
}

/* ------------------------------------------------------------------ */
/* Navigation: sidebar, breadcrumbs, pager chain, skip link            */
/* ------------------------------------------------------------------ */

export async function navigation(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  const page = await env.open(ctx);

  /* Sidebar: home → a section → a doc inside it. */
  await goto(env, page, PAGES.home);
  const section = page.locator('.sidebar .nav-tree:not(.nav-governance) > li.nav-section > a').first();
  const sectionHref = await section.getAttribute('href');
  const sectionText = (await section.innerText()).trim();
  await section.click();
  await page.waitForURL(new URL(sectionHref, env.base).href);
  assertEq(await pageTitle(page), sectionText, `sidebar link "${sectionText}": title of the page it opened`);
  const child = page.locator('.sidebar li.nav-section.is-open > ul > li > a').first();
  assert(await child.count() === 1, `${here(env, page)}: the current section is not expanded in the sidebar (no li.nav-section.is-open > ul)`);
  const childText = (await child.innerText()).trim();
  const childUrl = await child.evaluate((a) => a.href);
  await child.click();
  await page.waitForURL(childUrl);
  assertEq(await pageTitle(page), childText, `sidebar link "${childText}": title of the page it opened`);
  assertEq(await page.getAttribute('html', 'data-page-kind'), 'doc', `${here(env, page)}: page kind`);
  const current = page.locator('.sidebar a[aria-current="page"]');
  assertEq(await current.count(), 1, `${here(env, page)}: links marked aria-current="page" in the sidebar`);
  assertEq(await current.evaluate((a) => a.href), page.url(), `${here(env, page)}: sidebar aria-current link target`);

  /* Breadcrumbs: Home › Section › Page, and the links work. */
  const crumbs = page.locator('nav.breadcrumbs[aria-label] ol > li');
  const n = await crumbs.count();
  assert(n >= 3, `${here(env, page)}: expected at least 3 breadcrumbs (Home, section, page), got ${n}`);
  assertEq((await crumbs.nth(0).innerText()).trim(), 'Home', `${here(env, page)}: first breadcrumb`);
  assertEq(await crumbs.nth(0).locator('a').evaluate((a) => a.href), env.base + 'index.html', `${here(env, page)}: Home breadcrumb target`);
  const last = crumbs.nth(n - 1).locator('[aria-current="page"]');
  assertEq(await last.count(), 1, `${here(env, page)}: last breadcrumb carries aria-current="page"`);
  assertEq((await last.innerText()).trim(), childText, `${here(env, page)}: last breadcrumb text`);
  const sectionCrumb = crumbs.nth(n - 2).locator('a');
  assertEq((await sectionCrumb.innerText()).trim(), sectionText, `${here(env, page)}: section breadcrumb text`);
  await sectionCrumb.click();
  await page.waitForURL(new URL(sectionHref, env.base).href);

  /* Breadcrumbs on a role, a journey and the glossary. */
  for (const p of [PAGES.role, PAGES.journey, PAGES.glossary]) {
    await goto(env, page, p);
    const c = page.locator('nav.breadcrumbs ol > li');
    assert(await c.count() >= 2, `${p}: breadcrumbs missing`);
    assertEq((await c.last().innerText()).trim(), await pageTitle(page), `${p}: last breadcrumb is the page title`);
  }

  /* Pager: the whole "Next" chain from the home page, read with fetch and
     DOMParser (fast); then a few real clicks along it. Every "Previous"
     must lead back, no page may repeat, all pages must be on it, and on
     docs "Next" is the link after the current one in the sidebar. */
  await goto(env, page, PAGES.home);
  const chain = await page.evaluate(async () => {
    const out = [];
    const seen = new Set();
    let url = location.href;
    while (url && !seen.has(url) && out.length < 1000) {
      seen.add(url);
      const res = await fetch(url);
      const d = new DOMParser().parseFromString(await res.text(), 'text/html');
      const abs = (a) => (a ? new URL(a.getAttribute('href'), url).href : null);
      const links = Array.from(d.querySelectorAll('.sidebar a[href]'));
      const i = links.findIndex((a) => a.getAttribute('aria-current') === 'page');
      out.push({
        url,
        status: res.status,
        kind: d.documentElement.getAttribute('data-page-kind'),
        prev: abs(d.querySelector('nav.pager a.pager-prev[rel="prev"]')),
        next: abs(d.querySelector('nav.pager a.pager-next[rel="next"]')),
        sidebarNext: i >= 0 ? abs(links[i + 1]) : null,
      });
      url = out[out.length - 1].next;
    }
    if (url) out.push({ url, loop: true });
    return out;
  });
  const rel = (u) => (u ? relPath(u, env.base) : '(none)');
  const problems = [];
  chain.forEach((p, i) => {
    if (p.loop) return problems.push(`pager loops: "Next" from ${rel(chain[i - 1].url)} leads back to ${rel(p.url)}`);
    if (p.status !== 200) problems.push(`pager: ${rel(p.url)} answers HTTP ${p.status}`);
    const before = i > 0 ? chain[i - 1].url : null;
    if (p.prev !== before) problems.push(`${rel(p.url)}: "Previous" leads to ${rel(p.prev)}, but ${rel(before)} has "Next" to it`);
    if (p.kind === 'doc' && p.next && p.next !== p.sidebarNext) {
      problems.push(`${rel(p.url)}: "Next" leads to ${rel(p.next)}, the sidebar's next entry is ${rel(p.sidebarNext)}`);
    }
  });
  if (env.pages) {
    const on = new Set(chain.map((p) => rel(p.url)));
    /* The walk starts at the default language's home; each translation
       (a folder with its own index.html and 404.html) has its own. */
    const langs = new Set(env.pages.filter((p) => /^[a-z]{2,3}(-[A-Za-z0-9]+)*\/404\.html$/.test(p)).map((p) => p.split('/')[0] + '/'));
    const missing = env.pages.filter((p) => !/^(search|404|print|acknowledgements|recent-changes)\.html$/.test(p) && !langs.has(p.split('/')[0] + '/') && !on.has(p));
    if (missing.length) problems.push(`pages not reachable with "Next" from the home page: ${missing.join(', ')}`);
  }
  assert(!problems.length, problems.join('\n'));
  assert(chain.length >= 4, `pager chain from the home page has only ${chain.length} page(s)`);
  for (let i = 1; i <= 3; i++) {
    await page.locator('nav.pager a.pager-next').click();
    await page.waitForURL(chain[i].url);
  }
  await page.locator('nav.pager a.pager-prev').click();
  await page.waitForURL(chain[2].url);

  /* Skip link: first Tab stop, visible when focused, moves focus to #main. */
  await goto(env, page, PAGES.doc);
  await page.keyboard.press('Tab');
  assertEq(await activeId(page), 'a.skip-link', `${PAGES.doc}: first Tab stop`);
  const box = await page.locator('.skip-link').evaluate((a) => {
    const r = a.getBoundingClientRect();
    return { top: r.top, left: r.left, width: r.width, height: r.height };
  });
  assert(box.top >= 0 && box.left >= 0 && box.width > 20 && box.height > 10 && box.top < 200,
    `${PAGES.doc}: focused skip link is not visible (box ${JSON.stringify(box)})`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main');
  await page.keyboard.press('Tab');
  const inMain = await page.evaluate(() => document.getElementById('main').contains(document.activeElement));
  assert(inMain, `${PAGES.doc}: after the skip link, Tab leaves <main> (focus on ${await activeId(page)})`);
  await ctx.close();
}

/* ------------------------------------------------------------------ */
/* Dark mode toggle                                                    */
/* ------------------------------------------------------------------ */

export async function theme(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP, colorScheme: 'light' });
  const page = await env.open(ctx);
  await goto(env, page, PAGES.doc);
  const toggle = page.locator('.theme-toggle');
  assertEq(await page.getAttribute('html', 'data-theme'), null, 'fresh visit: data-theme');
  assertEq(await toggle.getAttribute('aria-pressed'), 'false', 'fresh visit (light system): toggle aria-pressed');
  const lightLum = await backgroundLuminance(page);
  assert(lightLum > 0.5, `light theme background is dark (luminance ${lightLum.toFixed(2)})`);

  await toggle.click();
  assertEq(await page.getAttribute('html', 'data-theme'), 'dark', 'after clicking .theme-toggle: data-theme');
  assertEq(await toggle.getAttribute('aria-pressed'), 'true', 'after clicking .theme-toggle: aria-pressed');
  assertEq(await page.evaluate(() => localStorage.getItem('waybook-theme')), 'dark', 'stored theme');
  await page.waitForFunction(() => {
    const c = getComputedStyle(document.body).backgroundColor;
    return c !== 'rgb(255, 255, 255)';
  });
  const darkLum = await backgroundLuminance(page);
  assert(darkLum < 0.1, `dark theme background is light (luminance ${darkLum.toFixed(2)})`);

  /* Persists across a navigation by link … */
  const nextUrl = await page.locator('.pager-next').evaluate((a) => a.href);
  await page.locator('.pager-next').click();
  await page.waitForURL(nextUrl);
  await settle(page);
  assertEq(await page.getAttribute('html', 'data-theme'), 'dark', `after navigating to ${here(env, page)}: data-theme`);
  assertEq(await toggle.getAttribute('aria-pressed'), 'true', `after navigating: toggle aria-pressed`);
  /* … to a page in another folder … */
  await goto(env, page, PAGES.home);
  assertEq(await page.getAttribute('html', 'data-theme'), 'dark', 'home page after choosing dark: data-theme');
  /* … and a reload; the head script applies it before any paint. */
  await page.reload({ waitUntil: 'domcontentloaded' });
  assertEq(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), 'dark', 'after reload: data-theme');
  await settle(page);

  /* Back to light, also persistent. */
  await toggle.click();
  assertEq(await page.getAttribute('html', 'data-theme'), 'light', 'second click: data-theme');
  await page.reload();
  await settle(page);
  assertEq(await page.getAttribute('html', 'data-theme'), 'light', 'after reload: data-theme');
  assertEq(await toggle.getAttribute('aria-pressed'), 'false', 'light after reload: aria-pressed');
  await ctx.close();

  /* A dark system preference: the toggle reports dark, one click gives light. */
  const ctx2 = await newContext(env.browser, { viewport: DESKTOP, colorScheme: 'dark' });
  const page2 = await env.open(ctx2);
  await goto(env, page2, PAGES.role);
  const t2 = page2.locator('.theme-toggle');
  assertEq(await t2.getAttribute('aria-pressed'), 'true', 'dark system preference: toggle aria-pressed');
  assert(await backgroundLuminance(page2) < 0.1, 'dark system preference: page background is not dark');
  await t2.click();
  assertEq(await page2.getAttribute('html', 'data-theme'), 'light', 'dark system, one click: data-theme');
  await page2.reload();
  await settle(page2);
  assert(await backgroundLuminance(page2) > 0.5, 'explicit light choice under a dark system preference: background is not light');
  await ctx2.close();
}

/* ------------------------------------------------------------------ */
/* Search popup and search page                                        */
/* ------------------------------------------------------------------ */

const POPUP_RESULTS = '#search-popup:not([hidden]) .search-result';

/* Wait until the header popup shows the outcome of exactly this query
   (the footer link carries the query; a no-results message quotes it), so
   results for a prefix typed a moment earlier never count. */
async function waitForPopup(page, query) {
  await page.waitForFunction((q) => {
    const popup = document.getElementById('search-popup');
    if (popup.hidden) return false;
    const footer = popup.querySelector('.search-popup-footer');
    const msg = popup.querySelector('.search-message');
    const want = 'search.html?q=' + encodeURIComponent(q);
    if (footer && !footer.hidden && footer.getAttribute('href').endsWith(want)) return true;
    return !!(msg && !msg.hidden && msg.textContent.includes('“' + q + '”'));
  }, query);
}

/* Type a query in the header box; the results once the popup shows them. */
async function popupSearch(page, query) {
  const input = page.locator('#search-input');
  await input.click();
  await input.fill(query);
  await waitForPopup(page, query);
  return page.locator(POPUP_RESULTS).evaluateAll((as) => as.map((a) => ({
    href: a.getAttribute('href'),
    title: (a.querySelector('.search-result-title') || {}).textContent,
    kind: (a.querySelector('.search-result-kind') || {}).textContent,
  })));
}

function show(results) {
  return results.map((r) => `${r.kind} ${r.href}`).join(', ') || '(none)';
}

export async function search(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  const page = await env.open(ctx);
  await goto(env, page, PAGES.home);

  let results = await popupSearch(page, 'maintainer');
  const role = results.find((r) => r.href === 'roles/maintainer.html');
  assert(role, `"maintainer": no result linking to roles/maintainer.html; got ${show(results)}`);
  assertEq(role.kind, 'Role', '"maintainer": kind label of the maintainer result');
  assertEq(await page.getAttribute('#search-input', 'aria-expanded'), 'true', 'search box aria-expanded with results');
  assert(await page.locator(`${POPUP_RESULTS} mark`).count() > 0, '"maintainer": no <mark> highlight in the results');

  /* Escape closes the popup and keeps focus in the box. */
  await page.keyboard.press('Escape');
  await page.waitForSelector('#search-popup[hidden]', { state: 'attached' });
  assertEq(await activeId(page), '#search-input', 'focus after Escape');

  /* A glossary term, found as kind Term; following it scrolls the term
     into view below the sticky header. */
  results = await popupSearch(page, 'lazy consensus');
  const term = results.find((r) => r.kind === 'Term' && /^glossary\.html#/.test(r.href));
  assert(term, `"lazy consensus": no result of kind Term; got ${show(results)}`);
  assertEq(term.href, 'glossary.html#term-lazy-consensus', '"lazy consensus": term result target');
  await page.locator(`${POPUP_RESULTS}[href="${term.href}"]`).click();
  await page.waitForURL(env.base + term.href);
  await settle(page);
  await page.waitForFunction(() => {
    const t = document.getElementById('term-lazy-consensus');
    const h = document.querySelector('.site-header').getBoundingClientRect().bottom;
    const r = t.getBoundingClientRect();
    return r.top >= h - 1 && r.bottom <= window.innerHeight;
  }, null, { timeout: 3000 }).catch(async () => {
    const pos = await page.evaluate(() => ({
      term: document.getElementById('term-lazy-consensus').getBoundingClientRect().top,
      header: document.querySelector('.site-header').getBoundingClientRect().bottom,
    }));
    throw new CheckError(`glossary.html#term-lazy-consensus: target term hidden by the sticky header or off screen (${JSON.stringify(pos)})`);
  });

  /* From a page two folders down, result links still resolve. */
  await goto(env, page, PAGES.doc);
  results = await popupSearch(page, 'maintainer');
  assert(results.some((r) => r.href === '../../roles/maintainer.html'),
    `${PAGES.doc}: "maintainer" results do not link to ../../roles/maintainer.html; got ${show(results)}`);
  await page.locator(`${POPUP_RESULTS}[href="../../roles/maintainer.html"]`).click();
  await page.waitForURL(env.base + 'roles/maintainer.html');

  /* Enter with nothing selected opens the search page. */
  await popupSearch(page, 'vote');
  await page.keyboard.press('Enter');
  await page.waitForURL(env.base + 'search.html?q=vote');
  await ctx.close();
}

async function searchPageState(page) {
  return page.evaluate(() => ({
    status: (document.getElementById('search-page-status') || {}).textContent || '',
    kinds: Array.from(document.querySelectorAll('#search-page-results .search-result-kind')).map((k) => k.textContent),
    hrefs: Array.from(document.querySelectorAll('#search-page-results .search-result')).map((a) => a.getAttribute('href')),
    checked: Array.from(document.querySelectorAll('fieldset.search-filters input[type=checkbox]')).filter((b) => b.checked).map((b) => b.value),
  }));
}

/* Wait until the search page shows a finished result for `query`. */
async function waitForSearchPage(page, query) {
  await page.waitForFunction((q) => {
    const s = document.getElementById('search-page-status');
    return s && s.textContent.includes('“' + q + '”');
  }, query);
  return searchPageState(page);
}

export async function searchPage(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  const page = await env.open(ctx);
  await goto(env, page, 'search.html?q=vote');
  assertEq(await page.inputValue('#search-page-input'), 'vote', 'search.html?q=vote: input value');
  const all = await waitForSearchPage(page, 'vote');
  assert(all.hrefs.length > 0, `search.html?q=vote: no results (status "${all.status}")`);
  assert(await page.locator('#search-page-results mark').count() > 0, 'search.html?q=vote: no <mark> highlight');
  const kinds = [...new Set(all.kinds)];
  assert(kinds.length >= 2, `search.html?q=vote: expected results of several kinds to test filters, got ${kinds.join(', ')}`);

  /* Filter to one kind: only that kind remains, and the URL says so. */
  const values = { Doc: 'doc', Role: 'role', Journey: 'journey', Term: 'term', Person: 'person' };
  const keep = kinds.includes('Term') ? 'Term' : kinds[kinds.length - 1];
  for (const box of await page.locator('fieldset.search-filters input[type=checkbox]').all()) {
    const v = await box.getAttribute('value');
    if (v !== values[keep]) await box.uncheck();
  }
  await page.waitForFunction((k) => {
    const ks = Array.from(document.querySelectorAll('#search-page-results .search-result-kind')).map((e) => e.textContent);
    return ks.length > 0 && ks.every((x) => x === k);
  }, keep).catch(async () => {
    throw new CheckError(`search filters: only "${keep}" checked, results are ${JSON.stringify((await searchPageState(page)).kinds)}`);
  });
  const filtered = await searchPageState(page);
  assertEq(filtered.hrefs.length, all.kinds.filter((k) => k === keep).length, `search filters: number of ${keep} results`);
  const url = new URL(page.url());
  assertEq(url.searchParams.getAll('kind').join(','), values[keep], 'search filters: kind= in the URL');

  /* The filtered URL restores the same state on load. */
  await page.reload();
  await settle(page);
  const restored = await waitForSearchPage(page, 'vote');
  assertEq(restored.checked.join(','), values[keep], 'reloaded filtered search page: checked boxes');
  assert(restored.kinds.length > 0 && restored.kinds.every((k) => k === keep),
    `reloaded filtered search page: kinds ${JSON.stringify(restored.kinds)}`);

  /* All boxes on again: everything is back. */
  for (const box of await page.locator('fieldset.search-filters input[type=checkbox]').all()) await box.check();
  await page.waitForFunction((n) => document.querySelectorAll('#search-page-results li').length === n, all.hrefs.length);

  /* Typing a new query updates results and the URL. */
  await page.fill('#search-page-input', 'lazy consensus');
  const lazy = await waitForSearchPage(page, 'lazy consensus');
  assert(lazy.hrefs.includes('glossary.html#term-lazy-consensus'),
    `search page "lazy consensus": no link to the glossary term; got ${lazy.hrefs.join(', ')}`);
  assertEq(new URL(page.url()).searchParams.get('q'), 'lazy consensus', 'search page: q= after typing');

  /* No results: a message, no list items. */
  await page.fill('#search-page-input', 'qqxzzy');
  const none = await waitForSearchPage(page, 'qqxzzy');
  assert(none.hrefs.length === 0 && /^No results/.test(none.status), `search page "qqxzzy": status "${none.status}", ${none.hrefs.length} results`);
  await ctx.close();
}

/* ------------------------------------------------------------------ */
/* Keyboard only: "/" or Tab, type, ArrowDown, Enter                   */
/* ------------------------------------------------------------------ */

async function keyboardToMaintainer(env, page, how) {
  const input = page.locator('#search-input');
  await page.keyboard.type('maintainer');
  await waitForPopup(page, 'maintainer');
  await page.keyboard.press('ArrowDown');
  const selected = await input.getAttribute('aria-activedescendant');
  assert(selected, `${how}: ArrowDown selected no option (no aria-activedescendant)`);
  const option = page.locator(`#${selected}`);
  assertEq(await option.getAttribute('aria-selected'), 'true', `${how}: aria-selected of the active option`);
  const href = await option.getAttribute('href');
  assertEq(href, 'roles/maintainer.html', `${how}: first result for "maintainer" (${await option.innerText()})`);
  await page.keyboard.press('Enter');
  await page.waitForURL(env.base + 'roles/maintainer.html');
  await settle(page);
  assertEq(await page.getAttribute('html', 'data-page-kind'), 'role', `${how}: landed on a page of kind`);
}

/* A word far down a page (and in a table cell next to others): the
   result's excerpt is the stretch around it, with the word in <mark>,
   not the page's first sentence. */
export async function searchExcerpt(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  const page = await env.open(ctx);
  await goto(env, page, 'search.html?q=pseudonymised');
  const found = await waitForSearchPage(page, 'pseudonymised');
  const href = 'docs/research/data-governance.html';
  assert(found.hrefs.includes(href), `search "pseudonymised": no result for ${href}; got ${found.hrefs.join(', ')}`);
  const ex = await page.evaluate((h) => {
    const a = document.querySelector(`#search-page-results .search-result[href$="${h}"]`);
    const e = a && a.querySelector('.search-result-excerpt');
    return e && {
      text: e.textContent,
      marks: Array.from(e.querySelectorAll('mark')).map((m) => m.textContent),
      elements: Array.from(e.querySelectorAll('*')).map((n) => n.tagName),
    };
  }, href);
  assert(ex, `search "pseudonymised": ${href} has no excerpt`);
  assert(ex.marks.includes('pseudonymised'), `excerpt does not mark the match: ${JSON.stringify(ex)}`);
  assert(ex.text.startsWith('… '), `excerpt starts at the top of the page, not at the match: ${ex.text}`);
  assert(ex.elements.every((t) => t === 'MARK'), `excerpt holds elements other than <mark>: ${ex.elements}`);
  /* Two words from neighbouring table cells are two words. */
  await page.fill('#search-page-input', 'anyone released');
  const cells = await waitForSearchPage(page, 'anyone released');
  assert(cells.hrefs.includes(href), `search "anyone released" (two table cells): no result for ${href}`);
  await screenshot(page, join(env.shots, 'search-excerpt.png'));
  await ctx.close();
  return [];
}

export async function keyboard(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  const page = await env.open(ctx);

  await goto(env, page, PAGES.home);
  await page.keyboard.press('/');
  assertEq(await activeId(page), '#search-input', 'after pressing "/": focus');
  await keyboardToMaintainer(env, page, '"/" then type');

  await goto(env, page, PAGES.home);
  let tabs = 0;
  while ((await activeId(page)) !== '#search-input') {
    assert(++tabs <= 6, `Tab from the top of the home page did not reach the search box in 6 presses (at ${await activeId(page)})`);
    await page.keyboard.press('Tab');
  }
  await keyboardToMaintainer(env, page, 'Tab then type');

  /* "/" does not steal keystrokes from a text field. */
  await goto(env, page, 'search.html');
  await page.locator('#search-page-input').focus();
  await page.keyboard.type('a/b');
  assertEq(await page.inputValue('#search-page-input'), 'a/b', 'typing "/" inside the search page input');
  await ctx.close();
}

/* ------------------------------------------------------------------ */
/* Phone width: off-canvas navigation                                  */
/* ------------------------------------------------------------------ */

export async function mobileNav(env) {
  const ctx = await newContext(env.browser, { viewport: PHONE });
  const page = await env.open(ctx);
  await goto(env, page, PAGES.doc);
  const toggle = page.locator('.nav-toggle');
  const sidebar = page.locator('#sidebar');
  assert(await toggle.isVisible(), 'phone width: .nav-toggle is not visible');
  assert(!(await sidebar.isVisible()), 'phone width: the sidebar is visible before opening the menu');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assertEq(await toggle.getAttribute('aria-expanded'), 'true', 'menu opened: aria-expanded');
  await sidebar.waitFor({ state: 'visible' });
  assertEq(await page.evaluate(() => document.activeElement.getAttribute('aria-current')), 'page', 'menu opened: focus on the current page link');
  await page.keyboard.press('Escape');
  assertEq(await toggle.getAttribute('aria-expanded'), 'false', 'Escape: aria-expanded');
  await sidebar.waitFor({ state: 'hidden' });
  assertEq(await activeId(page), 'button.nav-toggle', 'Escape: focus back on the menu button');

  await toggle.click();
  await sidebar.waitFor({ state: 'visible' });
  await page.screenshot({ path: join(env.shots, 'nav-open-phone-light.png') });
  const link = sidebar.locator('a[href]:not([aria-current])').first();
  const target = await link.evaluate((a) => a.href);
  await link.click();
  await page.waitForURL(target);
  await settle(page);
  assert(!(await page.locator('#sidebar').isVisible()), `${here(env, page)}: sidebar open after following a menu link`);
  await ctx.close();

  /* Resizing: the header wraps when narrow and must shrink back when wide. */
  const ctx2 = await newContext(env.browser, { viewport: DESKTOP });
  const page2 = await env.open(ctx2);
  await goto(env, page2, PAGES.role);
  const headerHeight = () => page2.evaluate(() => Math.round(document.querySelector('.site-header').getBoundingClientRect().height));
  const wide = await headerHeight();
  await page2.setViewportSize({ width: 240, height: PHONE.height });
  await page2.waitForFunction((h) => document.querySelector('.site-header').getBoundingClientRect().height > h, wide);
  await page2.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
  await page2.waitForFunction((h) => Math.round(document.querySelector('.site-header').getBoundingClientRect().height) === h, wide, { timeout: 3000 })
    .catch(async () => {
      throw new CheckError(`${PAGES.role}: header ${wide}px tall, narrowed and widened again it stays ${await headerHeight()}px`);
    });
  await ctx2.close();
}

/* ------------------------------------------------------------------ */
/* Every page: no console errors, no failed requests                   */
/* ------------------------------------------------------------------ */

export async function everyPage(env) {
  assert(env.pages && env.pages.length > 10, `too few pages to walk: ${env.pages ? env.pages.length : 0}`);
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  const problems = [];
  /* Two tabs, each reused for its share of the pages: a new tab per page
     costs more than the page itself. */
  const lanes = [[], []];
  env.pages.forEach((p, i) => lanes[i % lanes.length].push(p));
  await Promise.all(lanes.map(async (lane) => {
    const page = await env.open(ctx);
    for (const p of lane) {
      try {
        await goto(env, page, p);
        const kind = await page.getAttribute('html', 'data-page-kind');
        if (!kind) problems.push(`${p}: <html> has no data-page-kind`);
      } catch (e) {
        problems.push(`${p}: ${e.message.split('\n')[0]}`);
      }
    }
  }));
  await ctx.close();
  return problems;
}

/* "Cite this page", the licence in the footer and a person's card: each
   pictured on its own (full pages are cut at MAX_SHOT_HEIGHT), the copy
   button copies the text shown, and axe checks the opened formats. */
export async function credit(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
  const page = await env.open(ctx);
  await goto(env, page, PAGES.doc);
  const cite = page.locator('section.cite');
  assertEq(await cite.count(), 1, 'one Cite this page block');
  for (const s of await cite.locator('details > summary').all()) await s.click();
  const buttons = cite.locator('button.cite-copy');
  assertEq(await buttons.count(), 3, 'a copy button per format');
  await buttons.nth(1).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const shown = await cite.locator('pre[data-cite="bibtex"]').textContent();
  assertEq(copied, shown, 'the BibTeX copy button copies the BibTeX shown');
  assert(copied.startsWith('@misc{'), `BibTeX: ${copied.slice(0, 40)}`);
  const label = await buttons.nth(1).textContent();
  assertEq(label, 'Copied', 'the button says it copied');
  await cite.screenshot({ path: join(env.shots, 'cite-block.png') });
  const footer = page.locator('footer.site-footer');
  assert((await footer.textContent()).includes('Licensed under CC-BY-4.0'), 'the footer names the licence');
  await footer.screenshot({ path: join(env.shots, 'footer-licence.png') });
  const problems = (await axe(page, 'section.cite')).map((v) => `cite block: axe [${v.impact}] ${v.id}: ${v.help}\n${formatNodes(v.nodes)}`);
  await goto(env, page, PAGES.people);
  const card = page.locator('#person-amara');
  assert((await card.textContent()).includes('ORCID 0000-0002-1825-0097'), 'the card shows the ORCID iD');
  await card.screenshot({ path: join(env.shots, 'person-card.png') });
  // The card's name leads to the person's page, which lists what the card counts.
  await card.locator('h2 a').click();
  await settle(page);
  assertEq(here(env, page), PAGES.person, 'the card links the person\'s page');
  const written = await page.locator('ul.person-pages li').count();
  assert(written > 0, 'the person page lists the pages they wrote');
  assert((await page.locator('.person-counts').textContent()).includes(`Wrote ${written} pages`), 'the count matches the list');
  await page.screenshot({ path: join(env.shots, 'person-page.png'), fullPage: true });
  await ctx.close();
  return problems;
}

/* ------------------------------------------------------------------ */
/* axe-core and screenshots across themes and widths                   */
/* ------------------------------------------------------------------ */

/* How the dark/light choice is made: an explicit choice stored by the
   toggle (data-theme on <html>) or the system preference alone. */
const SCHEMES = [
  { name: 'light', colorScheme: 'light', storedTheme: null, dark: false, shot: true },
  { name: 'dark', colorScheme: 'light', storedTheme: 'dark', dark: true, shot: true },
  { name: 'system-dark', colorScheme: 'dark', storedTheme: null, dark: true, shot: false },
];

/* Full-page screenshots, cut at this height (long pages are slow to shoot). */
const MAX_SHOT_HEIGHT = 3000;

async function screenshot(page, path) {
  await page.evaluate(() => new Promise((r) => {
    window.scrollTo(0, 0);
    requestAnimationFrame(() => r());
  }));
  const size = await page.evaluate(() => ({ w: window.innerWidth, h: document.documentElement.scrollHeight }));
  await page.screenshot({
    path,
    fullPage: true,
    clip: { x: 0, y: 0, width: size.w, height: Math.min(size.h, MAX_SHOT_HEIGHT) },
  });
}

/*
 * The dark colours exist twice in the CSS (html[data-theme=dark] and the
 * prefers-color-scheme block) and so do the light ones (defaults and the
 * data-theme=light override under a dark system). Every custom property
 * must come out the same both ways.
 */
export async function themeParity(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP, colorScheme: 'light' });
  const page = await env.open(ctx);
  await goto(env, page, PAGES.doc);
  const vars = (theme) => page.evaluate((t) => {
    const root = document.documentElement;
    if (t) root.setAttribute('data-theme', t);
    else root.removeAttribute('data-theme');
    const names = new Set();
    (function scan(rules) {
      for (const r of rules) {
        if (r.cssRules) scan(r.cssRules);
        if (r.style) for (const n of r.style) if (n.startsWith('--')) names.add(n);
      }
    })(Array.from(document.styleSheets).flatMap((s) => { try { return Array.from(s.cssRules); } catch (e) { return []; } }));
    const cs = getComputedStyle(root);
    const out = { 'color-scheme': cs.colorScheme };
    for (const n of [...names].sort()) out[n] = cs.getPropertyValue(n).trim();
    return out;
  }, theme);
  const diff = (a, b) => Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]).map((k) => `${k}: ${a[k]} vs ${b[k]}`);
  const lightSystem = await vars(null);
  const darkAttr = await vars('dark');
  await page.emulateMedia({ colorScheme: 'dark' });
  const darkSystem = await vars(null);
  const lightAttr = await vars('light');
  await ctx.close();
  const problems = [];
  assert(Object.keys(lightSystem).length > 10, `found only ${Object.keys(lightSystem).length} custom properties`);
  const d1 = diff(darkAttr, darkSystem);
  if (d1.length) problems.push(`data-theme="dark" and a dark system preference give different colours:\n    ${d1.join('\n    ')}`);
  const d2 = diff(lightSystem, lightAttr);
  if (d2.length) problems.push(`the default light theme and data-theme="light" under a dark system preference differ:\n    ${d2.join('\n    ')}`);
  if (!diff(lightSystem, darkAttr).length) problems.push('dark and light themes have the same colours');
  return problems;
}

export async function accessibility(env) {
  const problems = [];
  /* The same violation in several variants is reported once. */
  const found = new Map();
  function record(where, variant, vs) {
    for (const v of vs) {
      const key = `${where}\u0000${v.id}`;
      if (!found.has(key)) found.set(key, { where, v, variants: [] });
      found.get(key).variants.push(variant);
    }
  }
  const combos = [];
  for (const viewport of [DESKTOP, PHONE]) for (const scheme of SCHEMES) combos.push({ viewport, scheme });
  await pool(combos, 2, async ({ viewport, scheme }) => {
    const variant = `${viewport.name}/${scheme.name}`;
    const ctx = await newContext(env.browser, { viewport, colorScheme: scheme.colorScheme, storedTheme: scheme.storedTheme });
    const page = await env.open(ctx);
    for (const [name, path] of Object.entries(PAGES)) {
      const label = `${path} (${variant})`;
      try {
        await goto(env, page, path);
        if (name === 'search') await waitForSearchPage(page, 'vote');
        const lum = await backgroundLuminance(page);
        if (scheme.dark !== lum < 0.2) problems.push(`${label}: page background luminance ${lum.toFixed(2)} does not match the ${scheme.dark ? 'dark' : 'light'} theme`);
        if (viewport === PHONE) {
          const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (over > 0) {
            const culprit = await page.evaluate(() => {
              const w = window.innerWidth;
              const el = Array.from(document.querySelectorAll('body *')).find((e) => {
                const r = e.getBoundingClientRect();
                return r.right > w + 1 && getComputedStyle(e).position !== 'fixed' && !e.closest('.table-wrap, pre, .sidebar');
              });
              return el ? el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') : '?';
            });
            problems.push(`${label}: page scrolls sideways by ${over}px (e.g. ${culprit})`);
          }
        }
        if (scheme.shot) await screenshot(page, join(env.shots, `${name}-${viewport.name}-${scheme.name}.png`));
        record(path, variant, await axe(page));
      } catch (e) {
        problems.push(`${label}: ${e.message.split('\n')[0]}`);
      }
    }
    /* The search popup open over the home page, checked and pictured too. */
    if (scheme.shot) try {
      await goto(env, page, PAGES.home);
      await popupSearch(page, 'maintainer');
      await page.keyboard.press('ArrowDown');
      await page.screenshot({ path: join(env.shots, `search-popup-${viewport.name}-${scheme.name}.png`) });
      record('index.html with the search popup open', variant, await axe(page, '.site-header'));
    } catch (e) {
      problems.push(`search popup (${variant}): ${e.message.split('\n')[0]}`);
    }
    await ctx.close();
  });
  for (const { where, v, variants } of found.values()) {
    const all = variants.sort().join(', ');
    problems.push(`${where}: axe [${v.impact}] ${v.id}: ${v.help} (${all})\n${formatNodes(v.nodes)}`);
  }
  return problems;
}

/* ------------------------------------------------------------------ */
/* A dated collection (tests/fixtures/dated, run with --only dated)     */
/* ------------------------------------------------------------------ */

/* The meetings folder: its generated index (years, dates, titles), and
   the sidebar showing the collection as one marked entry on a meeting's
   page, at 1280 and 375 px, pictured and checked by axe. */
export async function dated(env) {
  const problems = [];
  for (const viewport of [DESKTOP, PHONE]) {
    const ctx = await newContext(env.browser, { viewport });
    const page = await env.open(ctx);
    await goto(env, page, 'meetings/index.html');
    const years = await page.locator('article.content h2').allTextContents();
    assertEq(years.map((y) => y.replace('#', '').trim()).join(','), '2024,2023', 'meetings: year headings');
    const first = await page.locator('article.content h2 + ul li').first().textContent();
    assertEq(first.trim(), '2024-03-12 — Meeting agenda', 'meetings: newest first');
    const shot = `dated-index-${viewport.width}.png`;
    await screenshot(page, join(env.shots, shot));
    for (const v of await axe(page)) problems.push(`meetings/index.html (${viewport.name}): axe ${v.id}: ${v.help}`);

    await goto(env, page, 'meetings/2024-01-09.html');
    assertEq(await pageTitle(page), 'Meeting agenda (2024-01-09)', 'a meeting: title told apart by its date');
    if (viewport === PHONE) {
      await page.locator('.nav-toggle').click();
      await page.locator('#sidebar').waitFor({ state: 'visible' });
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (over > 0) problems.push(`meetings (phone): page scrolls sideways by ${over}px`);
    }
    const links = await page.locator('#sidebar a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const meetings = links.filter((h) => /^(\.\.\/meetings\/|)(index|20\d\d-)/.test(h) && !h.startsWith('../index'));
    assertEq(meetings.join(','), 'index.html', 'sidebar: one entry for the meetings');
    const marked = await page.locator('#sidebar li.is-current > a').textContent();
    assertEq(marked.trim(), 'Meetings', 'sidebar: the collection is marked on a meeting page');
    await page.screenshot({ path: join(env.shots, `dated-sidebar-${viewport.width}.png`) });
    for (const v of await axe(page)) problems.push(`meetings/2024-01-09.html (${viewport.name}): axe ${v.id}: ${v.help}`);
    await ctx.close();
  }
  return problems;
}

/* ------------------------------------------------------------------ */
/* MyST directives: tabs (click, keyboard, no script) and diagrams     */
/* ------------------------------------------------------------------ */

const TABS_PAGE = 'docs/community/communication.html';
const MERMAID_PAGE = 'docs/decisions/proposal-process.html';

async function tabState(page) {
  return page.evaluate(() => {
    const set = document.querySelector('.tab-set');
    const tabs = Array.from(set.querySelectorAll('[role=tab]'));
    return {
      list: !!set.querySelector('[role=tablist]'),
      labels: tabs.map((t) => t.textContent.trim()),
      selected: tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true'),
      visible: Array.from(set.querySelectorAll('.tab-item')).map((i) => !i.hidden && i.offsetHeight > 0),
      focused: tabs.indexOf(document.activeElement),
    };
  });
}

export async function directives(env) {
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  const page = await env.open(ctx);
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await goto(env, page, TABS_PAGE);
  let s = await tabState(page);
  assert(s.list, 'tab-set: no role=tablist after the script ran');
  assertEq(s.labels.join('|'), 'Chat|Forum|Mailing list', 'tab labels');
  assertEq(s.selected, 2, 'the :selected: tab starts open');
  assertEq(s.visible.join(','), 'false,false,true', 'only the open tab panel shows');
  await page.locator('.tab-set [role=tab]', { hasText: 'Forum' }).click();
  s = await tabState(page);
  assertEq(s.selected, 1, 'click: Forum selected');
  assertEq(s.visible.join(','), 'false,true,false', 'click: only the Forum panel shows');
  await page.keyboard.press('ArrowRight');
  s = await tabState(page);
  assertEq([s.selected, s.focused].join(','), '2,2', 'ArrowRight: next tab selected and focused');
  await page.keyboard.press('ArrowRight');
  s = await tabState(page);
  assertEq([s.selected, s.focused].join(','), '0,0', 'ArrowRight wraps to the first tab');
  await page.keyboard.press('End');
  assertEq((await tabState(page)).selected, 2, 'End: last tab');
  await page.keyboard.press('Home');
  assertEq((await tabState(page)).selected, 0, 'Home: first tab');
  await page.keyboard.press('Tab');
  assertEq(await page.evaluate(() => document.activeElement.getAttribute('role')), 'tabpanel', 'Tab: into the open panel');
  const problems = await axe(page, '.tab-set');
  assert(!problems.length, `axe on the tab set: ${JSON.stringify(problems)}`);
  assert(!requested.some((u) => u.includes('mermaid')), 'mermaid fetched on a page without diagrams');
  for (const scheme of ['light', 'dark']) {
    for (const viewport of [DESKTOP, PHONE]) {
      const c = await newContext(env.browser, { viewport, colorScheme: scheme });
      const p = await env.open(c);
      await goto(env, p, TABS_PAGE);
      await p.locator('.tab-set').scrollIntoViewIfNeeded();
      await p.evaluate(() => window.scrollBy(0, -80));
      await p.screenshot({ path: join(env.shots, `tabs-${viewport.name}-${scheme}.png`) });
      await c.close();
    }
  }
  await ctx.close();

  /* Without script: stacked sections, every label and panel shown. */
  const plain = await env.browser.newContext({ javaScriptEnabled: false, viewport: { width: PHONE.width, height: PHONE.height } });
  const p2 = await plain.newPage();
  await p2.goto(env.base + TABS_PAGE, { waitUntil: 'load' });
  const shown = await p2.evaluate(() => Array.from(document.querySelectorAll('.tab-item .tab-label')).filter((l) => l.offsetHeight > 0).length);
  assertEq(shown, 3, 'without script every tab label shows');
  await p2.locator('.tab-set').scrollIntoViewIfNeeded();
  await p2.screenshot({ path: join(env.shots, 'tabs-noscript-phone-light.png') });
  await plain.close();

  /* A page with a diagram fetches mermaid, which draws an SVG. */
  const ctx3 = await newContext(env.browser, { viewport: DESKTOP });
  const p3 = await env.open(ctx3);
  await goto(env, p3, MERMAID_PAGE);
  await p3.locator('pre.mermaid svg').waitFor({ state: 'attached' });
  const label = await p3.locator('pre.mermaid svg').getAttribute('aria-label');
  assert(label && label.startsWith('Draft leads to discussion'), `diagram svg aria-label: ${label}`);
  await p3.locator('figure.mermaid-figure').scrollIntoViewIfNeeded();
  await p3.screenshot({ path: join(env.shots, 'mermaid-desktop-light.png') });
  await ctx3.close();
}
