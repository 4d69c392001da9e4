#!/usr/bin/env node
// README screenshots of a served handbook (`waybook serve`): the home page,
// a doc, a role, the roles index, a journey, the people page and a 404 at a
// nested path, at 1280 px and 375 px, viewport only (small PNGs).
//
//   node shots.mjs --base http://127.0.0.1:PORT/ --out DIR [--prefix before-]
//                  [--chromium PATH] [--full] [--only home,doc]

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launch, newContext, settle } from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    out: { type: 'string' },
    prefix: { type: 'string', default: '' },
    chromium: { type: 'string' },
    full: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
if (!args.base || !args.out) {
  console.error('usage: node shots.mjs --base URL --out DIR [--prefix P] [--chromium PATH]');
  process.exit(2);
}
const base = args.base.endsWith('/') ? args.base : args.base + '/';
const out = resolve(args.out);
mkdirSync(out, { recursive: true });

const PAGES = {
  home: 'index.html',
  doc: 'docs/participation/onboarding.html',
  role: 'roles/maintainer.html',
  roles: 'roles/index.html',
  journey: 'journeys/contributor-to-maintainer.html',
  people: 'people.html',
  '404': 'a/b/c/missing',
};
const SIZES = [
  { name: '1280', width: 1280, height: 800 },
  { name: '375', width: 375, height: 740 },
];

const browser = await launch(args.chromium || process.env.WAYBOOK_CHROMIUM || '/usr/bin/chromium');
try {
  for (const size of SIZES) {
    const ctx = await newContext(browser, { viewport: size });
    const page = await ctx.newPage();
    for (const [name, path] of Object.entries(PAGES)) {
      if (args.only && !args.only.split(',').includes(name)) continue;
      await page.goto(base + path, { waitUntil: 'load' });
      await settle(page);
      await page.screenshot({ path: join(out, `${args.prefix}${name}-${size.name}.png`), fullPage: args.full });
    }
    await ctx.close();
  }
} finally {
  await browser.close();
}
