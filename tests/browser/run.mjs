#!/usr/bin/env node
// Real-browser checks of a built waybook site in headless Chromium.
//
//   node run.mjs --base http://127.0.0.1:PORT/ --screenshots DIR
//                [--site DIR]                 built site: walk every .html (else sitemap.xml)
//                [--waybook BIN --handbook DIR] also test `waybook serve` live reload
//                [--chromium PATH]            default $WAYBOOK_CHROMIUM or /usr/bin/chromium
//                [--only a,b]                 run only these checks
//
// Exits 0 when every check passes, 1 with a list of failures otherwise,
// 2 on bad usage. Driven by tests/suite/browser.rs (`cargo test browser`).

import { mkdirSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import * as checks from './checks.mjs';
import { liveReload } from './livereload.mjs';
import * as languages from './languages.mjs';
import * as reader from './reader.mjs';
import { launch, trackErrors } from './lib.mjs';

const ALL = {
  navigation: checks.navigation,
  theme: checks.theme,
  'theme-parity': checks.themeParity,
  search: checks.search,
  'search-page': checks.searchPage,
  'search-excerpt': checks.searchExcerpt,
  keyboard: checks.keyboard,
  'mobile-nav': checks.mobileNav,
  'every-page': checks.everyPage,
  accessibility: checks.accessibility,
  landing: reader.landing,
  chrome: reader.chrome,
  ladder: reader.ladder,
  'not-found': reader.notFound,
  book: reader.book,
  credit: checks.credit,
  'language-switcher': languages.switcher,
  'language-search': languages.search,
  'right-to-left': languages.rightToLeft,
  dated: checks.dated,
  directives: checks.directives,
  'live-reload': liveReload,
};

function usage(msg) {
  console.error(`run.mjs: ${msg}\nusage: node run.mjs --base URL --screenshots DIR [--site DIR] [--waybook BIN --handbook DIR] [--chromium PATH] [--only ${Object.keys(ALL).join(',')}]`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      base: { type: 'string' },
      screenshots: { type: 'string' },
      site: { type: 'string' },
      waybook: { type: 'string' },
      handbook: { type: 'string' },
      chromium: { type: 'string' },
      only: { type: 'string' },
    },
  }).values;
} catch (e) {
  usage(e.message);
}
if (!args.base) usage('--base is required');
if (!args.screenshots) usage('--screenshots is required');
const base = args.base.endsWith('/') ? args.base : args.base + '/';
const origin = new URL(base).origin;
const shots = resolve(args.screenshots);
mkdirSync(shots, { recursive: true });

/* `dated` needs the tests/fixtures/dated site: run only when asked. */
let selected = Object.keys(ALL).filter((s) => s !== 'dated');
if (args.only) {
  selected = args.only.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = selected.filter((s) => !ALL[s]);
  if (bad.length) usage(`unknown check(s): ${bad.join(', ')}`);
} else if (!args.waybook) {
  console.log('note: no --waybook given, skipping live-reload');
  selected = selected.filter((s) => s !== 'live-reload');
}

/* Every HTML page of the site, relative to its root. */
async function listPages() {
  if (args.site) {
    const root = resolve(args.site);
    const out = [];
    (function walk(d) {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.html')) out.push(relative(root, p).split(sep).join('/'));
      }
    })(root);
    return out.sort();
  }
  const res = await fetch(base + 'sitemap.xml');
  if (!res.ok) throw new Error(`no --site given and ${base}sitemap.xml answers ${res.status}`);
  const xml = await res.text();
  const pages = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => {
    const u = new URL(m[1].trim().replace(/&amp;/g, '&'), base);
    return u.pathname.replace(/^\//, '');
  });
  for (const extra of ['search.html', '404.html']) if (!pages.includes(extra)) pages.push(extra);
  return pages;
}

const started = Date.now();
/* A hung browser must not hang the test run. The checks take 5-7 minutes
   on a slow two-core machine (every page and axe on each: over 320 s), so
   the guard leaves them room. */
const watchdog = setTimeout(() => {
  console.error('browser checks: gave up after 900 s (something hangs)');
  process.exit(1);
}, 900_000);
watchdog.unref();

const executablePath = args.chromium || process.env.WAYBOOK_CHROMIUM || '/usr/bin/chromium';
let browser;
try {
  browser = await launch(executablePath);
} catch (e) {
  console.error(`browser checks: cannot start Chromium at ${executablePath}: ${e.message}`);
  process.exit(1);
}

const failures = [];
try {
  const env = {
    browser,
    base,
    origin,
    shots,
    pages: await listPages(),
    waybook: args.waybook,
    handbook: args.handbook,
    pageErrors: [],
    /* A new tracked page; its errors are reported against the current check. */
    async open(ctx, pageOrigin = origin) {
      const page = await ctx.newPage();
      env.pageErrors.push(trackErrors(page, pageOrigin.replace(/\/$/, '')));
      return page;
    },
  };
  for (const name of selected) {
    const t0 = Date.now();
    env.pageErrors = [];
    let problems = [];
    try {
      problems = (await ALL[name](env)) || [];
    } catch (e) {
      problems = [e.name === 'CheckError' || !e.stack ? e.message : `${e.message}\n${e.stack.split('\n').slice(1, 4).join('\n')}`];
    }
    const errs = [...new Set(env.pageErrors.flat())];
    if (errs.length) problems.push(`page errors:\n${errs.map((e) => `    ${e}`).join('\n')}`);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name} (${secs} s)`);
    for (const p of problems) {
      failures.push(`${name}: ${p}`);
      console.log(`  - ${p.replace(/\n/g, '\n    ')}`);
    }
  }
} finally {
  await browser.close().catch(() => {});
}

const total = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length) {
  console.log(`\nbrowser checks: ${failures.length} failure(s) in ${total} s; screenshots in ${shots}`);
  process.exit(1);
}
console.log(`\nbrowser checks: all ${selected.length} passed in ${total} s; screenshots in ${shots}`);
