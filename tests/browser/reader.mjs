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

const DOC = 'docs/participation/onboarding.html';

export async function chrome(env) {
  const problems = [];
  /* Desktop: "about this page" rows, the edit button near the title, no
     inline contents (the side column has them), copy buttons that copy. */
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await env.open(ctx);
  await goto(env, page, DOC);
  const d = await page.evaluate(() => {
    const rows = Array.from(document.querySelectorAll('.page-meta dt')).map((dt) => {
      const dd = dt.nextElementSibling;
      return { label: dt.textContent, dt: dt.getBoundingClientRect().left, dd: dd.getBoundingClientRect().left, dtTop: dt.getBoundingClientRect().top, ddTop: dd.getBoundingClientRect().top, ddBottom: dd.getBoundingClientRect().bottom };
    });
    const chips = Array.from(document.querySelectorAll('.page-meta a.role-chip, .page-meta .tag')).map((c) => ({
      border: getComputedStyle(c).borderTopStyle, radius: parseFloat(getComputedStyle(c).borderTopLeftRadius),
    }));
    const edit = document.querySelector('a.edit-link');
    const h1 = document.querySelector('.content h1');
    const inline = document.querySelector('details.toc-inline');
    return {
      rows,
      chips,
      edit: edit && { top: edit.getBoundingClientRect().top, border: getComputedStyle(edit).borderTopStyle, visible: edit.offsetHeight > 0 },
      h1: h1.getBoundingClientRect().top,
      inline: inline ? getComputedStyle(inline).display : null,
    };
  });
  if (d.rows.length < 3) problems.push(`${DOC}: only ${d.rows.length} "about this page" facts`);
  for (const r of d.rows) {
    if (!(r.dd > r.dt) || r.ddTop > r.dtTop + 24 || r.dtTop > r.ddBottom) problems.push(`${DOC}: "about this page": "${r.label}" and its value are not on one row (${JSON.stringify(r)})`);
  }
  if (!d.chips.length || d.chips.some((c) => c.border === 'none' || c.radius < 4)) problems.push(`${DOC}: role and tag chips are not styled: ${JSON.stringify(d.chips)}`);
  if (!d.edit || !d.edit.visible || d.edit.border === 'none' || d.edit.top > d.h1) problems.push(`${DOC}: no button-like edit link above the title: ${JSON.stringify(d.edit)}, h1 at ${d.h1}`);
  if (d.inline !== 'none') problems.push(`${DOC}: inline "on this page" shown at 1280px (${d.inline})`);

  await goto(env, page, 'docs/decisions/proposal-process.html');
  const btn = page.locator('.code-block > button.copy-button').first();
  if (await btn.count() !== 1) problems.push('no copy button on code blocks');
  else {
    assertEq(await btn.getAttribute('aria-label'), 'Copy the code to the clipboard', 'copy button: accessible name');
    await btn.click();
    await page.waitForFunction(() => document.querySelector('.copy-button').textContent === 'Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const code = await page.evaluate(() => document.querySelector('.code-block pre code').textContent.replace(/\n$/, ''));
    if (copied !== code) problems.push(`copy button copied ${JSON.stringify(copied.slice(0, 40))}, not the code block`);
  }

  /* Wide index pages use the width: no empty right column. */
  for (const p of ['roles/index.html', 'people.html', 'index.html']) {
    await goto(env, page, p);
    const r = await page.evaluate(() => ({
      right: document.querySelector('main .content').getBoundingClientRect().right,
      toc: !!document.querySelector('.page-toc'),
    }));
    if (!r.toc && r.right < DESKTOP.width - 120) problems.push(`${p}: content ends at ${Math.round(r.right)}px of ${DESKTOP.width}: a wide empty right column`);
  }

  /* People: role chips apart from each other. */
  await goto(env, page, 'people.html');
  const gaps = await page.evaluate(() => Array.from(document.querySelectorAll('.person-roles')).flatMap((p) => {
    const cs = Array.from(p.querySelectorAll('a.role-chip')).map((a) => a.getBoundingClientRect());
    return cs.slice(1).map((c, i) => (Math.abs(c.top - cs[i].top) < 2 ? c.left - cs[i].right : 99));
  }));
  if (!gaps.length || Math.min(...gaps) < 3) problems.push(`people.html: role names run together (gaps ${gaps.join(', ')})`);

  /* Journey: the persona label once. */
  await goto(env, page, 'journeys/contributor-to-maintainer.html');
  const labels = await page.evaluate(() => {
    const card = document.querySelector('.persona-card');
    return (card.innerText.match(/persona/gi) || []).length;
  });
  if (labels !== 1) problems.push(`journey page: the persona card says "Persona" ${labels} times`);
  await ctx.close();

  /* Phone: contents at the top, compact journey badges. */
  const ctx2 = await newContext(env.browser, { viewport: PHONE });
  const phone = await env.open(ctx2);
  await goto(env, phone, DOC);
  const m = await phone.evaluate(() => {
    const inline = document.querySelector('details.toc-inline');
    const path = document.querySelector('.pathways');
    const h1 = document.querySelector('.content h1');
    return {
      inline: inline && getComputedStyle(inline).display,
      inlineTop: inline && inline.getBoundingClientRect().top,
      links: inline ? inline.querySelectorAll('a[href^="#"]').length : 0,
      badges: path ? path.getBoundingClientRect().height : 0,
      h1: h1.getBoundingClientRect().top,
    };
  });
  if (m.inline !== 'block' || m.links < 2 || m.inlineTop > m.h1) problems.push(`${DOC} (phone): no "on this page" contents at the top: ${JSON.stringify(m)}`);
  if (m.badges > PHONE.height / 6) problems.push(`${DOC} (phone): journey badges are ${Math.round(m.badges)}px tall`);
  /* The site title wraps between words, never inside one: each word's
     text lies on one line, and the header overflows nothing. */
  const title = await phone.evaluate(() => {
    const a = document.querySelector('.site-title');
    const text = Array.from(a.childNodes).find((n) => n.nodeType === Node.TEXT_NODE && n.data.trim());
    const split = [];
    if (text) {
      for (const w of text.data.matchAll(/\S+/g)) {
        const r = document.createRange();
        r.setStart(text, w.index);
        r.setEnd(text, w.index + w[0].length);
        const tops = new Set(Array.from(r.getClientRects()).map((c) => Math.round(c.top)));
        if (tops.size > 1) split.push(w[0]);
      }
    }
    const header = document.querySelector('.site-header');
    return { found: !!text, split, overflow: header.scrollWidth - header.clientWidth };
  });
  if (!title.found) problems.push(`${DOC} (phone): the site title has no text`);
  if (title.split.length) problems.push(`${DOC} (phone): the site title breaks inside ${title.split.map((w) => `"${w}"`).join(', ')}`);
  if (title.overflow > 0) problems.push(`${DOC} (phone): the header overflows by ${title.overflow}px`);
  await phone.locator('details.toc-inline > summary').click();
  const first = phone.locator('details.toc-inline a').first();
  const href = await first.getAttribute('href');
  await first.click();
  await phone.waitForURL((u) => u.hash === href);
  await ctx2.close();
  return problems;
}

/* The ladder: text at least 13 CSS px at 1280, every box a link to a role
   page, boxes holding their text; under 600 px the list instead. */
export async function ladder(env) {
  const problems = [];
  const ctx = await newContext(env.browser, { viewport: DESKTOP });
  const page = await env.open(ctx);
  await goto(env, page, 'roles/index.html');
  const d = await page.evaluate(() => {
    const svg = document.querySelector('figure.ladder-diagram svg');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const nodes = Array.from(svg.querySelectorAll('a.ld-node')).map((a) => {
      const t = a.querySelector('text');
      const box = a.querySelector('rect').getBoundingClientRect();
      const tb = t.getBoundingClientRect();
      return {
        name: t.textContent,
        href: a.getAttribute('href'),
        px: parseFloat(getComputedStyle(t).fontSize) * scale,
        inside: tb.left >= box.left - 0.5 && tb.right <= box.right + 0.5 && tb.top >= box.top - 0.5 && tb.bottom <= box.bottom + 0.5,
      };
    });
    const tiles = document.querySelectorAll('.role-tile').length;
    return { nodes, tiles, list: getComputedStyle(document.querySelector('ol.ladder-list')).display };
  });
  if (d.nodes.length !== d.tiles) problems.push(`ladder: ${d.nodes.length} linked boxes for ${d.tiles} roles`);
  for (const n of d.nodes) {
    if (n.px < 13) problems.push(`ladder: "${n.name}" drawn at ${n.px.toFixed(1)}px (< 13px)`);
    if (!n.inside) problems.push(`ladder: "${n.name}" spills out of its box`);
    if (!/^[^:]*\.html$/.test(n.href || '')) problems.push(`ladder: "${n.name}" links to ${n.href}`);
  }
  if (d.list !== 'none') problems.push(`ladder: the stacked list shows at 1280px (${d.list})`);
  for (const v of await axe(page)) problems.push(`roles/index.html: axe [${v.impact}] ${v.id}: ${v.help}\n${formatNodes(v.nodes)}`);
  await ctx.close();

  const ctx2 = await newContext(env.browser, { viewport: PHONE });
  const phone = await env.open(ctx2);
  await goto(env, phone, 'roles/index.html');
  const m = await phone.evaluate(() => ({
    svg: document.querySelector('figure.ladder-diagram svg').getBoundingClientRect().width,
    links: Array.from(document.querySelectorAll('ol.ladder-list a')).filter((a) => a.getBoundingClientRect().width > 0).length,
    roles: document.querySelectorAll('.role-tile').length,
    over: document.documentElement.scrollWidth - window.innerWidth,
  }));
  if (m.svg !== 0) problems.push(`ladder (phone): the SVG shows (${m.svg}px wide) instead of the list`);
  if (m.links !== m.roles) problems.push(`ladder (phone): ${m.links} visible list links for ${m.roles} roles`);
  if (m.over > 0) problems.push(`roles/index.html (phone): page scrolls sideways by ${m.over}px`);
  for (const v of await axe(phone)) problems.push(`roles/index.html (phone): axe [${v.impact}] ${v.id}: ${v.help}\n${formatNodes(v.nodes)}`);
  await ctx2.close();
  return problems;
}

const SCHEMES = [
  { name: 'light', colorScheme: 'light', storedTheme: null },
  { name: 'dark', colorScheme: 'light', storedTheme: 'dark' },
];

/* The 404 page at a nested path: the theme's CSS is loaded, every link
   leads to a page, axe finds nothing serious; the home page too, in light
   and dark at both widths. The 404 itself answers 404, so its page is not
   error-tracked; every other request it makes must succeed. */
export async function notFound(env) {
  const problems = [];
  for (const viewport of [DESKTOP, PHONE]) {
    for (const scheme of SCHEMES) {
      const variant = `${viewport.name}/${scheme.name}`;
      const ctx = await newContext(env.browser, { viewport, colorScheme: scheme.colorScheme, storedTheme: scheme.storedTheme });
      const page = await ctx.newPage();
      const failed = [];
      page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/a/b/c/missing')) failed.push(`${r.status()} ${r.url()}`); });
      page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
      const res = await page.goto(env.base + 'a/b/c/missing', { waitUntil: 'load' });
      await settle(page);
      assertEq(res.status(), 404, 'a/b/c/missing: status');
      const s = await page.evaluate(() => ({
        css: Array.from(document.styleSheets).some((sh) => /static\/waybook\.css$/.test(sh.href || '') && sh.cssRules.length > 100),
        header: getComputedStyle(document.querySelector('.site-header')).position,
        links: Array.from(document.querySelectorAll('a[href]')).filter((a) => !a.getAttribute('href').startsWith('#')).map((a) => a.href).filter((h) => h.startsWith(location.origin)),
      }));
      if (!s.css || s.header !== 'sticky') problems.push(`a/b/c/missing (${variant}): the theme CSS is not applied (sheet loaded: ${s.css}, header position ${s.header})`);
      if (failed.length) problems.push(`a/b/c/missing (${variant}): ${failed.join(', ')}`);
      if (viewport === DESKTOP && scheme.name === 'light') {
        const bad = await page.evaluate(async (links) => {
          const out = [];
          for (const l of new Set(links.map((h) => h.split('#')[0]))) {
            const r = await fetch(l);
            if (r.status !== 200) out.push(`${l} (${r.status})`);
          }
          return out;
        }, s.links);
        if (s.links.length < 5) problems.push(`a/b/c/missing: only ${s.links.length} links`);
        if (bad.length) problems.push(`a/b/c/missing: links that lead nowhere: ${bad.join(', ')}`);
      }
      for (const v of await axe(page)) problems.push(`a/b/c/missing (${variant}): axe [${v.impact}] ${v.id}: ${v.help}\n${formatNodes(v.nodes)}`);
      await page.screenshot({ path: join(env.shots, `404-${viewport.name}-${scheme.name}.png`) });
      await ctx.close();
    }
  }
  return problems;
}

/* The whole book (print.html, built with --print): axe in light and a
   dark system theme at both widths; no link to another page. */
export async function book(env) {
  const problems = [];
  for (const viewport of [DESKTOP, PHONE]) {
    for (const colorScheme of ['light', 'dark']) {
      const variant = `${viewport.name}/${colorScheme}`;
      const ctx = await newContext(env.browser, { viewport, colorScheme });
      const page = await env.open(ctx);
      await goto(env, page, 'print.html');
      if (viewport === DESKTOP && colorScheme === 'light') {
        const out = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'))
          .map((a) => a.getAttribute('href'))
          .filter((h) => !h.startsWith('#') && !/^(https?|mailto):/.test(h)));
        if (out.length) problems.push(`print.html links to other pages: ${out.slice(0, 5).join(', ')}`);
        const over = await page.evaluate(() => document.querySelectorAll('.book-section').length);
        if (over < 10) problems.push(`print.html has ${over} sections`);
      }
      for (const v of await axe(page)) problems.push(`print.html (${variant}): axe [${v.impact}] ${v.id}: ${v.help}\n${formatNodes(v.nodes)}`);
      await ctx.close();
    }
  }
  return problems;
}
