// Reader-experience checks, asserted with computed styles where the look is
// the point: the landing page's stage cards, chips, the "about this page"
// block, phone contents, the ladder's text size, the 404 page at a nested
// path (theme CSS loaded, links that work), code copy buttons; axe on the
// home page and the 404 in light and dark at both widths.

import { join } from 'node:path';
import { DESKTOP, PHONE, assert, assertEq, axe, formatNodes, newContext, settle } from './lib.mjs';

async function goto(env, page, path) {
  await page.goto(env.base + path, { waitUntil: 'load' });
  await settle(page);
}

const TRANSPARENT = ['rgba(0, 0, 0, 0)', 'transparent'];

export async function landing(env) {
  const problems = [];
  for (const viewport of [DESKTOP, PHONE]) {
    const ctx = await newContext(env.browser, { viewport });
    const page = await env.open(ctx);
    await goto(env, page, 'index.html');
    const s = await page.evaluate(() => {
      const list = document.querySelector('ol.home-stages');
      const cards = Array.from(document.querySelectorAll('li.home-stage'));
      const cta = document.querySelector('.home-hero a.button-primary');
      return list && {
        display: getComputedStyle(list).display,
        columns: getComputedStyle(list).gridTemplateColumns.split(' ').length,
        cards: cards.map((c) => ({
          bg: getComputedStyle(c).backgroundColor,
          top: cards[0].getBoundingClientRect().top === c.getBoundingClientRect().top,
          journeys: Array.from(c.querySelectorAll('.home-journeys a')).map((a) => a.getAttribute('href')),
        })),
        cta: cta && { bg: getComputedStyle(cta).backgroundColor, h: cta.getBoundingClientRect().height, href: cta.getAttribute('href') },
      };
    });
    const where = `index.html (${viewport.name})`;
    if (!s) { problems.push(`${where}: no ol.home-stages`); await ctx.close(); continue; }
    if (s.display !== 'grid') problems.push(`${where}: stage cards are laid out as ${s.display}, not a grid`);
    if (s.cards.length < 2) problems.push(`${where}: ${s.cards.length} stage card(s)`);
    s.cards.forEach((c, i) => {
      if (TRANSPARENT.includes(c.bg)) problems.push(`${where}: stage card ${i + 1} has no background`);
    });
    if (viewport === DESKTOP && s.cards.filter((c) => c.top).length < 2) problems.push(`${where}: stage cards are not side by side at ${viewport.width}px`);
    if (viewport === PHONE && s.columns !== 1) problems.push(`${where}: ${s.columns} columns of stage cards on a phone`);
    const journeys = s.cards.flatMap((c) => c.journeys);
    if (new Set(journeys).size !== journeys.length) problems.push(`${where}: a journey is listed under more than one stage: ${journeys.join(', ')}`);
    if (!s.cta || TRANSPARENT.includes(s.cta.bg) || s.cta.h < 40) problems.push(`${where}: no call-to-action button (${JSON.stringify(s.cta)})`);
    await ctx.close();
  }
  return problems;
}
