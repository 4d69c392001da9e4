/*
 * waybook default theme script: theme toggle, mobile navigation, search
 * (header popup and search page), "On this page" highlighting, small
 * accessibility helpers. Vanilla JS, no dependencies, no network beyond
 * the site's own search/ files. Markup contract: themes/default/README.md.
 *
 * Canonical early theme script for <head> (runs before paint, before the
 * stylesheet is applied); keep it identical in the templates:
 *
 * <script>(function(){try{var t=localStorage.getItem("waybook-theme");if(t==="dark"||t==="light")document.documentElement.setAttribute("data-theme",t)}catch(e){}})()</script>
 */
(function () {
  'use strict';

  var doc = document;
  var html = doc.documentElement;
  var THEME_KEY = 'waybook-theme';
  var NARROW = '(max-width: 759.98px)';

  /* UI strings by dotted key: the build writes them (from the theme's
     i18n/en.toml) as window.waybookStrings at the top of this file.
     S(key, vars) fills {name} placeholders; counted(key, n) picks the
     key.one / key.other form. */
  var STRINGS = window.waybookStrings || {};
  function S(key, vars) {
    var s = Object.prototype.hasOwnProperty.call(STRINGS, key) ? String(STRINGS[key]) : key;
    return vars ? s.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m;
    }) : s;
  }
  function counted(key, n) {
    var form = key + '.' + (n === 1 ? 'one' : 'other');
    return S(Object.prototype.hasOwnProperty.call(STRINGS, form) ? form : key + '.other', { n: n });
  }

  /* Path from this page to the site root, always "" or ending in "/". */
  var ROOT = (function () {
    var r = html.getAttribute('data-root') || '';
    if (r && r.charAt(r.length - 1) !== '/') r += '/';
    return r;
  })();

  function media(q) {
    return window.matchMedia ? window.matchMedia(q) : { matches: false, addEventListener: function () {} };
  }

  function onMediaChange(mql, fn) {
    if (mql.addEventListener) mql.addEventListener('change', fn);
    else if (mql.addListener) mql.addListener(fn);
  }

  function debounce(fn, ms) {
    var t = null;
    return function () {
      var args = arguments;
      var self = this;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function isTypingTarget(t) {
    if (!t || t === doc.body) return false;
    var tag = t.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable;
  }

  /* ---------------------------------------------------------------- */
  /* 1. Theme toggle                                                   */
  /* ---------------------------------------------------------------- */

  function storedTheme() {
    try {
      var t = localStorage.getItem(THEME_KEY);
      return t === 'dark' || t === 'light' ? t : null;
    } catch (e) {
      return null;
    }
  }

  function initTheme() {
    var systemDark = media('(prefers-color-scheme: dark)');
    var stored = storedTheme();
    if (stored && html.getAttribute('data-theme') !== stored) html.setAttribute('data-theme', stored);

    var buttons = Array.prototype.slice.call(doc.querySelectorAll('.theme-toggle'));
    if (!buttons.length) return;

    function effective() {
      var t = html.getAttribute('data-theme');
      if (t === 'dark' || t === 'light') return t;
      return systemDark.matches ? 'dark' : 'light';
    }

    /* A toggle button keeps one name ("Dark mode") and reports its state
       with aria-pressed, as the ARIA APG asks; the icon shows the state. */
    buttons.forEach(function (b) {
      b.textContent = '';
      var icon = el('span', 'theme-toggle-icon');
      icon.setAttribute('aria-hidden', 'true');
      b.appendChild(icon);
      b.appendChild(el('span', 'theme-toggle-label', S('theme.toggle')));
      b.removeAttribute('aria-label');
    });

    function sync() {
      var dark = effective() === 'dark';
      buttons.forEach(function (b) {
        b.setAttribute('aria-pressed', dark ? 'true' : 'false');
        b.title = S(dark ? 'theme.to_light' : 'theme.to_dark');
      });
    }

    buttons.forEach(function (b) {
      b.addEventListener('click', function () {
        var next = effective() === 'dark' ? 'light' : 'dark';
        html.setAttribute('data-theme', next);
        try { localStorage.setItem(THEME_KEY, next); } catch (e) { /* private mode */ }
        sync();
      });
    });

    onMediaChange(systemDark, sync);
    window.addEventListener('storage', function (e) {
      if (e.key !== THEME_KEY) return;
      if (e.newValue === 'dark' || e.newValue === 'light') html.setAttribute('data-theme', e.newValue);
      else html.removeAttribute('data-theme');
      sync();
    });
    sync();
  }

  /* ---------------------------------------------------------------- */
  /* 2. Header height (sticky offsets) and mobile navigation           */
  /* ---------------------------------------------------------------- */

  function initHeaderHeight() {
    var header = doc.querySelector('.site-header');
    if (!header) return;
    var last = -1;
    function update() {
      var h = Math.round(header.getBoundingClientRect().height);
      if (h !== last && h > 0) {
        last = h;
        html.style.setProperty('--header-h', h + 'px');
      }
    }
    update();
    if ('ResizeObserver' in window) new ResizeObserver(update).observe(header);
    else window.addEventListener('resize', debounce(update, 100));
  }

  function initNav() {
    var toggle = doc.querySelector('.nav-toggle');
    if (!toggle) return;
    var sidebar = doc.getElementById(toggle.getAttribute('aria-controls') || 'sidebar') || doc.querySelector('.sidebar');
    if (!sidebar) return;
    var narrow = media(NARROW);

    function isOpen() { return sidebar.classList.contains('is-open'); }

    function open() {
      sidebar.classList.add('is-open');
      doc.body.classList.add('nav-open');
      toggle.setAttribute('aria-expanded', 'true');
      var target = sidebar.querySelector('[aria-current="page"]') || sidebar.querySelector('a[href]');
      if (target) target.focus();
    }

    function close(returnFocus) {
      if (!isOpen()) return;
      sidebar.classList.remove('is-open');
      doc.body.classList.remove('nav-open');
      toggle.setAttribute('aria-expanded', 'false');
      if (returnFocus) toggle.focus();
    }

    toggle.addEventListener('click', function () {
      if (isOpen()) close(false);
      else open();
    });

    doc.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && isOpen()) {
        e.preventDefault();
        close(true);
      }
    });

    doc.addEventListener('click', function (e) {
      if (!isOpen()) return;
      if (sidebar.contains(e.target) || toggle.contains(e.target)) {
        /* Following a link to a section of this very page: close the panel. */
        var a = e.target.closest && e.target.closest('a[href]');
        if (a && sidebar.contains(a)) close(false);
        return;
      }
      close(false);
    });

    /* Keyboard users tabbing out of the panel close it. */
    sidebar.addEventListener('focusout', function (e) {
      if (!isOpen() || !narrow.matches) return;
      var to = e.relatedTarget;
      if (to && !sidebar.contains(to) && to !== toggle) close(false);
    });

    onMediaChange(narrow, function () {
      if (!narrow.matches) close(false);
    });
  }

  /* ---------------------------------------------------------------- */
  /* 3. Search engine (chunked index under search/)                    */
  /* ---------------------------------------------------------------- */

  function fold(s) {
    /* Marks are dropped from Latin letters only (as the index does):
       kana voicing marks and other scripts' accents stay. */
    return String(s).toLowerCase().normalize('NFD')
      .replace(/(\p{Script=Latin})\p{M}+/gu, '$1').normalize('NFC');
  }

  /* The same tokens as the index (src/search.rs): words of two or more
     characters; runs of Chinese and Japanese script as character bigrams. */
  var CJK = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2fa1f}]+/u;
  var CJK_SPLIT = /([\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2fa1f}]+)/u;
  function tokenize(s) {
    var out = [];
    fold(s).split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
      w.split(CJK_SPLIT).forEach(function (run) {
        var cs = Array.from(run);
        if (!run) return;
        if (CJK.test(run)) {
          if (cs.length === 1) out.push(run);
          for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
        } else if (cs.length >= 2) {
          out.push(run);
        }
      });
    });
    return out;
  }

  var Search = (function () {
    var base = ROOT + 'search/';
    var cache = new Map();
    var has = Object.prototype.hasOwnProperty;

    function getJSON(name) {
      if (!cache.has(name)) {
        var p = fetch(base + name, { credentials: 'same-origin' }).then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status + ' for ' + name);
          return r.json();
        });
        cache.set(name, p);
        /* Retry later over HTTP; from file:// a refusal is final, so keep it
           (one console message instead of one per keystroke). */
        if (location.protocol !== 'file:') p.catch(function () { cache.delete(name); });
        else p.catch(function () {});
      }
      return cache.get(name);
    }

    function meta() { return getJSON('meta.json'); }

    function shardName(m, token) {
      var n = m.prefix_len || 2;
      return Array.from(token).slice(0, n).map(function (c) {
        return /^[a-z0-9]$/.test(c) ? c : '_';
      }).join('');
    }

    function loadShard(m, token) {
      var name = shardName(m, token);
      if (Array.isArray(m.shards) && m.shards.indexOf(name) < 0) return Promise.resolve(null);
      return getJSON('t-' + name + '.json');
    }

    function addPostings(map, arr) {
      if (!Array.isArray(arr)) return;
      for (var i = 0; i + 1 < arr.length; i += 2) {
        map.set(arr[i], (map.get(arr[i]) || 0) + arr[i + 1]);
      }
    }

    /* All matching documents, best first: [{id, score}]. */
    function rank(query) {
      var tokens = tokenize(query);
      if (!tokens.length) return Promise.resolve({ tokens: tokens, ranked: [] });
      return meta().then(function (m) {
        var last = tokens[tokens.length - 1];
        var exact = [];
        tokens.slice(0, -1).forEach(function (t) {
          if (exact.indexOf(t) < 0 && t !== last) exact.push(t);
        });
        var jobs = exact.map(function (t) {
          return loadShard(m, t).then(function (shard) {
            var map = new Map();
            if (shard && has.call(shard, t)) addPostings(map, shard[t]);
            return map;
          });
        });
        jobs.push(loadShard(m, last).then(function (shard) {
          var map = new Map();
          if (!shard) return map;
          Object.keys(shard).forEach(function (k) {
            if (k.lastIndexOf(last, 0) === 0) addPostings(map, shard[k]);
          });
          return map;
        }));
        return Promise.all(jobs).then(function (maps) {
          maps.sort(function (a, b) { return a.size - b.size; });
          var acc = maps[0];
          var ranked = [];
          acc.forEach(function (score, id) {
            for (var i = 1; i < maps.length; i++) {
              var s = maps[i].get(id);
              if (s === undefined) return;
              score += s;
            }
            ranked.push({ id: id, score: score });
          });
          ranked.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
          return { tokens: tokens, ranked: ranked, meta: m };
        });
      });
    }

    /* A document: its record from the d- chunk (url, title, kind, section)
       plus its text from the much smaller b- chunk, fetched in parallel. */
    function docEntry(m, id) {
      var size = m.chunk_size || 64;
      var chunk = Math.floor(id / size);
      var bsize = m.body_chunk_size || 0;
      var bchunk = bsize ? Math.floor(id / bsize) : 0;
      return Promise.all([
        getJSON('d-' + chunk + '.json'),
        bsize ? getJSON('b-' + bchunk + '.json') : Promise.resolve(null)
      ]).then(function (parts) {
        var arr = parts[0];
        var d = (arr && arr[id - chunk * size]) || null;
        if (d && parts[1] && d.b === undefined) {
          var body = parts[1][id - bchunk * bsize];
          if (typeof body === 'string') d.b = body;
        }
        return d;
      });
    }

    /* Resolve ranked ids to documents, keeping those accepted by filter,
       until limit documents are collected. Chunks load in parallel. */
    function resolve(r, limit, filter) {
      if (!r.ranked.length) return Promise.resolve([]);
      var out = [];
      var i = 0;
      var batch = Math.max(limit, 20);
      function step() {
        if (out.length >= limit || i >= r.ranked.length) return Promise.resolve(out.slice(0, limit));
        var slice = r.ranked.slice(i, i + batch);
        i += batch;
        return Promise.all(slice.map(function (hit) { return docEntry(r.meta, hit.id); })).then(function (docs) {
          docs.forEach(function (d, j) {
            if (d && (!filter || filter(d))) out.push({ doc: d, score: slice[j].score, id: slice[j].id });
          });
          return step();
        });
      }
      return step();
    }

    return { rank: rank, resolve: resolve, meta: meta };
  })();

  /* Find words of text matching the query: exact tokens, last one as prefix. */
  function findMatches(text, tokens) {
    var out = [];
    if (!text || !tokens.length) return out;
    var last = tokens[tokens.length - 1];
    var re = /[\p{L}\p{N}\p{M}]+/gu;
    var m;
    while ((m = re.exec(text))) {
      var w = fold(m[0]);
      var which = w.lastIndexOf(last, 0) === 0 ? tokens.length - 1 : -1;
      for (var i = 0; which < 0 && i < tokens.length - 1; i++) if (w === tokens[i]) which = i;
      if (which >= 0) out.push([m.index, m.index + m[0].length, which]);
    }
    return out;
  }

  /* Where the excerpt's matches start: the match that begins the window
     (two thirds of maxLen) holding the most different query words, the
     earliest such window on a tie. */
  function bestMatch(matches, maxLen) {
    var best = 0;
    var bestCount = 0;
    var span = Math.floor(maxLen * 2 / 3);
    var n = Math.min(matches.length, 400);
    for (var i = 0; i < n; i++) {
      var seen = {};
      var count = 0;
      for (var j = i; j < n && matches[j][1] <= matches[i][0] + span; j++) {
        if (!seen[matches[j][2]]) { seen[matches[j][2]] = true; count++; }
      }
      if (count > bestCount) { best = i; bestCount = count; }
    }
    return matches.length ? matches[best][0] : 0;
  }

  function appendHighlighted(parent, text, matches, from, to) {
    var pos = from;
    matches.forEach(function (mt) {
      if (mt[1] <= from || mt[0] >= to) return;
      var s = Math.max(mt[0], from);
      var e = Math.min(mt[1], to);
      if (s > pos) parent.appendChild(doc.createTextNode(text.slice(pos, s)));
      parent.appendChild(el('mark', null, text.slice(s, e)));
      pos = e;
    });
    if (pos < to) parent.appendChild(doc.createTextNode(text.slice(pos, to)));
  }

  function isLowSurrogate(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  }

  /* Excerpt of body text around the matched words (where most of them are
     close together), built as DOM nodes (text nodes and <mark>), so nothing
     from the index is parsed as HTML. */
  function excerpt(parent, text, tokens, maxLen) {
    text = String(text || '').replace(/\s+/g, ' ').trim();
    var matches = findMatches(text, tokens);
    var start = 0;
    var end = text.length;
    if (text.length > maxLen) {
      var first = bestMatch(matches, maxLen);
      start = Math.max(0, first - Math.floor(maxLen / 3));
      if (start > 0) {
        var sp = text.indexOf(' ', start);
        if (sp >= 0 && sp < first) start = sp + 1;
      }
      end = Math.min(text.length, start + maxLen);
      if (end < text.length) {
        var sp2 = text.lastIndexOf(' ', end);
        if (sp2 > Math.max(start, first)) end = sp2;
      }
      if (start > 0 && isLowSurrogate(text, start)) start++;
      if (end < text.length && isLowSurrogate(text, end)) end--;
    }
    if (start > 0) parent.appendChild(doc.createTextNode('… '));
    appendHighlighted(parent, text, matches, start, end);
    if (end < text.length) parent.appendChild(doc.createTextNode(' …'));
  }

  /* One result as <a class="search-result"> with title, kind, section, excerpt. */
  function resultLink(hit, tokens) {
    var d = hit.doc;
    var a = el('a', 'search-result');
    a.href = ROOT + String(d.u || '');
    var head = el('span', 'search-result-head');
    var title = el('span', 'search-result-title');
    var t = String(d.t || d.u || '');
    appendHighlighted(title, t, findMatches(t, tokens), 0, t.length);
    head.appendChild(title);
    var kind = d.k && Object.prototype.hasOwnProperty.call(STRINGS, 'kind.' + d.k) ? S('kind.' + d.k) : (d.k ? String(d.k) : '');
    if (kind) {
      var k = el('span', 'search-result-kind search-result-kind-' + String(d.k).replace(/[^a-z0-9-]/gi, ''), kind);
      head.appendChild(k);
    }
    a.appendChild(head);
    if (d.s) a.appendChild(el('span', 'search-result-section', String(d.s)));
    if (d.b) {
      var ex = el('span', 'search-result-excerpt');
      excerpt(ex, d.b, tokens, 180);
      a.appendChild(ex);
    }
    return a;
  }

  function unavailableMessage() {
    return S(location.protocol === 'file:' ? 'search.unavailable_file' : 'search.unavailable');
  }

  function plural(n) {
    return counted('search.results', n);
  }

  function searchPageURL(q) {
    return ROOT + 'search.html' + (q ? '?q=' + encodeURIComponent(q) : '');
  }

  /* ---------------------------------------------------------------- */
  /* 4. Header search box with popup (combobox + listbox)              */
  /* ---------------------------------------------------------------- */

  function initSearchBox() {
    var input = doc.getElementById('search-input');
    var popup = doc.getElementById('search-popup');
    if (!input || !popup) return null;
    var form = input.form || input.closest('form');

    var listbox = el('div', 'search-listbox');
    listbox.id = 'search-listbox';
    listbox.setAttribute('role', 'listbox');
    listbox.setAttribute('aria-label', S('search.results_label'));
    var message = el('p', 'search-message');
    message.hidden = true;
    var footer = el('a', 'search-popup-footer', S('search.show_all_results'));
    footer.hidden = true;
    footer.tabIndex = -1;
    popup.textContent = '';
    popup.appendChild(listbox);
    popup.appendChild(message);
    popup.appendChild(footer);

    var live = el('div', 'visually-hidden');
    live.setAttribute('role', 'status');
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('aria-atomic', 'true');
    (form || popup.parentNode).appendChild(live);

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-haspopup', 'listbox');
    input.setAttribute('aria-controls', listbox.id);
    input.setAttribute('aria-expanded', 'false');

    var options = [];
    var active = -1;
    var seq = 0;
    var lastQuery = null;

    function announce(text) {
      /* Re-set so identical consecutive messages are still announced. */
      live.textContent = '';
      if (text) setTimeout(function () { live.textContent = text; }, 30);
    }

    function setActive(i) {
      if (!options.length) i = -1;
      else if (i >= options.length) i = 0;
      else if (i < -1) i = options.length - 1;
      active = i;
      options.forEach(function (o, j) { o.setAttribute('aria-selected', j === i ? 'true' : 'false'); });
      if (i >= 0) {
        input.setAttribute('aria-activedescendant', options[i].id);
        var o = options[i];
        var top = o.offsetTop;
        var bottom = top + o.offsetHeight;
        if (top < popup.scrollTop) popup.scrollTop = top - 4;
        else if (bottom > popup.scrollTop + popup.clientHeight) popup.scrollTop = bottom - popup.clientHeight + 4;
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function show() {
      popup.hidden = false;
      input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
    }

    function close() {
      popup.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    }

    function clearResults() {
      listbox.textContent = '';
      options = [];
      active = -1;
      input.removeAttribute('aria-activedescendant');
    }

    function showMessage(text) {
      clearResults();
      message.textContent = text;
      message.hidden = false;
      footer.hidden = true;
      show();
    }

    function render(q, hits, tokens, total) {
      clearResults();
      message.hidden = true;
      hits.forEach(function (hit, i) {
        var a = resultLink(hit, tokens);
        a.id = 'search-option-' + i;
        a.setAttribute('role', 'option');
        a.setAttribute('aria-selected', 'false');
        a.tabIndex = -1;
        a.addEventListener('mousemove', function () { if (active !== i) setActive(i); });
        listbox.appendChild(a);
        options.push(a);
      });
      if (!hits.length) {
        message.textContent = S('search.no_results_for', { q: q });
        message.hidden = false;
      }
      footer.href = searchPageURL(q);
      footer.textContent = total > hits.length ? S('search.show_all', { count: plural(total) }) : S('search.open_page');
      footer.hidden = !hits.length;
      show();
      announce(hits.length ? (total > hits.length ? S('search.showing', { shown: hits.length, count: plural(total) }) : plural(total)) : S('search.no_results'));
    }

    function run() {
      var q = input.value;
      if (q === lastQuery && !popup.hidden) return;
      lastQuery = q;
      var my = ++seq;
      if (!tokenize(q).length) {
        clearResults();
        close();
        announce('');
        return;
      }
      Search.rank(q).then(function (r) {
        if (my !== seq) return null;
        return Search.resolve(r, 20).then(function (hits) {
          if (my !== seq) return;
          if (doc.activeElement !== input) return;
          render(q, hits, r.tokens, r.ranked.length);
        });
      }).catch(function () {
        if (my !== seq) return;
        lastQuery = null;
        showMessage(unavailableMessage());
        announce(S('search.unavailable_short'));
      });
    }

    var debounced = debounce(run, 120);

    input.addEventListener('focus', function () {
      Search.meta().catch(function () { /* reported when a query runs */ });
      if (tokenize(input.value).length) {
        lastQuery = null;
        run();
      }
    });

    input.addEventListener('input', debounced);

    input.addEventListener('keydown', function (e) {
      if (e.isComposing) return;
      switch (e.key) {
        case 'ArrowDown':
          e.preventDefault();
          if (popup.hidden) { lastQuery = null; run(); return; }
          setActive(active + 1);
          break;
        case 'ArrowUp':
          e.preventDefault();
          if (!popup.hidden) setActive(active - 1);
          break;
        case 'Enter':
          if (active >= 0 && options[active]) {
            e.preventDefault();
            window.location.href = options[active].href;
          }
          break;
        case 'Escape':
          if (!popup.hidden || input.value) {
            e.preventDefault();
            e.stopPropagation();
            seq++;
            input.value = '';
            lastQuery = null;
            clearResults();
            close();
            announce('');
          }
          break;
      }
    });

    /* Keep focus in the input while clicking in the popup; links still work. */
    popup.addEventListener('mousedown', function (e) { e.preventDefault(); });

    (form || input).addEventListener('focusout', function (e) {
      var to = e.relatedTarget;
      if (to && (form ? form.contains(to) : popup.contains(to))) return;
      seq++;
      close();
    });

    doc.addEventListener('click', function (e) {
      if (popup.hidden) return;
      if (form ? !form.contains(e.target) : (e.target !== input && !popup.contains(e.target))) close();
    });

    if (form) {
      form.addEventListener('submit', function (e) {
        if (active >= 0 && options[active]) {
          e.preventDefault();
          window.location.href = options[active].href;
          return;
        }
        if (!tokenize(input.value).length) {
          e.preventDefault();
          return;
        }
        /* The form's own action resolves relative to the page; build it
           from the root so it works under any sub-path. */
        e.preventDefault();
        window.location.href = searchPageURL(input.value.trim());
      });
    }

    return input;
  }

  /* ---------------------------------------------------------------- */
  /* 5. Search page                                                    */
  /* ---------------------------------------------------------------- */

  function initSearchPage() {
    var input = doc.getElementById('search-page-input');
    var list = doc.getElementById('search-page-results');
    if (!input || !list) return null;
    var fieldset = doc.querySelector('fieldset.search-filters');
    var boxes = fieldset ? Array.prototype.slice.call(fieldset.querySelectorAll('input[type="checkbox"]')) : [];

    var status = doc.getElementById('search-page-status') || doc.querySelector('.search-status');
    if (!status) {
      status = el('p', 'search-status');
      status.id = 'search-page-status';
      list.parentNode.insertBefore(status, list);
    }
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');

    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    var kinds = params.getAll('kind');
    if (kinds.length && boxes.length) {
      boxes.forEach(function (b) { b.checked = kinds.indexOf(b.value) >= 0; });
    }

    var seq = 0;
    var current = null; /* {q, ranked} for re-filtering without re-ranking */

    function selectedKinds() {
      var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      return on.length === 0 || on.length === boxes.length ? null : on;
    }

    function updateURL() {
      if (!window.history || !history.replaceState) return;
      var p = new URLSearchParams();
      var q = input.value.trim();
      if (q) p.set('q', q);
      var k = selectedKinds();
      if (k) k.forEach(function (v) { p.append('kind', v); });
      var s = p.toString();
      try {
        history.replaceState(history.state, '', location.pathname + (s ? '?' + s : '') + location.hash);
      } catch (e) { /* some file:// contexts refuse */ }
    }

    function renderResults(q, r) {
      var k = selectedKinds();
      var my = seq;
      return Search.resolve(r, 100, k ? function (d) { return k.indexOf(d.k) >= 0; } : null).then(function (hits) {
        if (my !== seq) return;
        list.textContent = '';
        hits.forEach(function (hit) {
          var li = el('li');
          li.appendChild(resultLink(hit, r.tokens));
          list.appendChild(li);
        });
        var n = hits.length;
        if (!n) status.textContent = S(k ? 'search.no_results_in_kinds' : 'search.no_results_for', { q: q });
        else if (!k && r.ranked.length > n) status.textContent = S('search.showing_first', { shown: n, count: plural(r.ranked.length), q: q });
        else status.textContent = S(n === 100 ? 'search.count_for_capped' : 'search.count_for', { count: plural(n), q: q, shown: n });
      });
    }

    function run() {
      var q = input.value.trim();
      var my = ++seq;
      updateURL();
      if (!tokenize(q).length) {
        current = null;
        list.textContent = '';
        status.textContent = q ? S('search.too_short') : '';
        return;
      }
      status.textContent = S('search.searching');
      Search.rank(q).then(function (r) {
        if (my !== seq) return null;
        current = { q: q, r: r };
        return renderResults(q, r);
      }).catch(function () {
        if (my !== seq) return;
        list.textContent = '';
        status.textContent = unavailableMessage();
      });
    }

    input.addEventListener('input', debounce(run, 120));
    boxes.forEach(function (b) {
      b.addEventListener('change', function () {
        updateURL();
        if (current) {
          seq++;
          renderResults(current.q, current.r).catch(function () { status.textContent = unavailableMessage(); });
        }
      });
    });
    var form = input.form;
    if (form) {
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        run();
      });
    }
    if (input.value) run();
    return input;
  }

  /* "/" focuses search unless the reader is typing somewhere. */
  function initSlashShortcut(pageInput, boxInput) {
    var target = pageInput || boxInput;
    if (!target) return;
    doc.addEventListener('keydown', function (e) {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTypingTarget(e.target)) return;
      e.preventDefault();
      target.focus();
      if (target.select) target.select();
    });
  }

  /* ---------------------------------------------------------------- */
  /* 6. "On this page": highlight the section being read               */
  /* ---------------------------------------------------------------- */

  function initTocSpy() {
    var toc = doc.querySelector('.page-toc');
    if (!toc || !('IntersectionObserver' in window)) return;
    var links = new Map();
    var heads = [];
    Array.prototype.forEach.call(toc.querySelectorAll('a[href^="#"]'), function (a) {
      var id;
      try { id = decodeURIComponent(a.getAttribute('href').slice(1)); } catch (e) { return; }
      var h = id && doc.getElementById(id);
      if (h && !links.has(h)) {
        links.set(h, a);
        heads.push(h);
      }
    });
    if (!heads.length) return;
    var current = null;

    function activate(h) {
      if (h === current) return;
      if (current) links.get(current).classList.remove('is-active');
      current = h;
      if (h) links.get(h).classList.add('is-active');
    }

    var observer = new IntersectionObserver(function (entries) {
      var top = null;
      entries.forEach(function (en) {
        if (en.isIntersecting) {
          if (!top || en.boundingClientRect.top < top.boundingClientRect.top) top = en;
        } else if (en.rootBounds && en.boundingClientRect.top >= en.rootBounds.bottom && en.target === current) {
          /* Scrolled back above the current heading: previous one is current. */
          var i = heads.indexOf(en.target);
          activate(i > 0 ? heads[i - 1] : null);
        }
      });
      if (top) activate(top.target);
    }, { rootMargin: '-70px 0px -70% 0px', threshold: 0 });
    heads.forEach(function (h) { observer.observe(h); });
  }

  /* ---------------------------------------------------------------- */
  /* 6b. Tabs ({tab-set}) and diagrams ({mermaid})                      */
  /* ---------------------------------------------------------------- */

  /* A {tab-set} arrives as stacked sections, each with its label; here it
     becomes a tab list (WAI-ARIA tabs: arrow keys, Home and End move
     between tabs, Tab enters the open panel). */
  var tabSets = 0;
  function initTabs() {
    Array.prototype.forEach.call(doc.querySelectorAll('.tab-set'), function (set) {
      var items = Array.prototype.filter.call(set.children, function (c) {
        return c.classList.contains('tab-item');
      });
      if (!items.length) return;
      var n = ++tabSets;
      var list = el('div', 'tab-list');
      list.setAttribute('role', 'tablist');
      var tabs = items.map(function (item, i) {
        var label = item.querySelector('.tab-label');
        var panel = item.querySelector('.tab-content') || item;
        var tab = el('button', 'tab');
        tab.type = 'button';
        tab.id = 'tab-' + n + '-' + (i + 1);
        if (!panel.id) panel.id = 'tabpanel-' + n + '-' + (i + 1);
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-controls', panel.id);
        if (label) {
          while (label.firstChild) tab.appendChild(label.firstChild);
          label.hidden = true;
        }
        panel.setAttribute('role', 'tabpanel');
        panel.setAttribute('aria-labelledby', tab.id);
        panel.setAttribute('tabindex', '0');
        list.appendChild(tab);
        return { tab: tab, panel: panel, item: item };
      });
      function select(k, focus) {
        tabs.forEach(function (t, i) {
          var on = i === k;
          t.tab.setAttribute('aria-selected', on ? 'true' : 'false');
          t.tab.tabIndex = on ? 0 : -1;
          t.item.hidden = !on;
        });
        if (focus) tabs[k].tab.focus();
      }
      tabs.forEach(function (t, i) {
        t.tab.addEventListener('click', function () { select(i, false); });
        t.tab.addEventListener('keydown', function (e) {
          var k = null;
          if (e.key === 'ArrowRight') k = (i + 1) % tabs.length;
          else if (e.key === 'ArrowLeft') k = (i - 1 + tabs.length) % tabs.length;
          else if (e.key === 'Home') k = 0;
          else if (e.key === 'End') k = tabs.length - 1;
          if (k === null) return;
          e.preventDefault();
          select(k, true);
        });
      });
      var first = 0;
      items.forEach(function (item, i) { if (item.hasAttribute('data-selected') && !first) first = i; });
      set.insertBefore(list, set.firstChild);
      set.classList.add('tabs-ready');
      select(first, false);
    });
  }

  /* {mermaid} diagrams: the theme's vendored mermaid is fetched only on
     pages that have one; without script the diagram's source stays shown. */
  function initMermaid() {
    var pres = doc.querySelectorAll('pre.mermaid');
    if (!pres.length) return;
    var s = doc.createElement('script');
    s.src = ROOT + 'static/vendor/mermaid/mermaid.min.js';
    s.onload = function () {
      var m = window.mermaid;
      if (!m) return;
      var dark = html.getAttribute('data-theme') === 'dark' ||
        (html.getAttribute('data-theme') !== 'light' && media('(prefers-color-scheme: dark)').matches);
      m.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
      m.run({ nodes: pres }).then(function () {
        Array.prototype.forEach.call(pres, function (p) {
          var svg = p.querySelector('svg');
          var alt = p.getAttribute('data-alt');
          if (svg && alt) svg.setAttribute('aria-label', alt);
        });
      }, function (e) {
        if (window.console && console.warn) console.warn('waybook: mermaid', e);
      });
    };
    doc.head.appendChild(s);
  }

  /* ---------------------------------------------------------------- */
  /* 7. Small accessibility helpers                                    */
  /* ---------------------------------------------------------------- */

  /* Horizontally scrollable tables and code blocks must be reachable by
     keyboard: give them a tab stop (and a name) only while they overflow. */
  function initScrollables() {
    var els = Array.prototype.slice.call(doc.querySelectorAll('.table-wrap, .content pre'));
    if (!els.length) return;
    function check() {
      els.forEach(function (e) {
        var over = e.scrollWidth > e.clientWidth + 1;
        var ours = e.getAttribute('data-wb-scroll') === '1';
        if (over && !ours && !e.hasAttribute('tabindex')) {
          e.setAttribute('tabindex', '0');
          e.setAttribute('data-wb-scroll', '1');
          if (!e.hasAttribute('role') && !e.hasAttribute('aria-label')) {
            var cap = e.querySelector('caption');
            var lang = e.getAttribute('data-lang');
            e.setAttribute('role', 'region');
            e.setAttribute('aria-label', e.tagName === 'PRE'
              ? (lang ? S('a11y.code_lang', { lang: lang }) : S('a11y.code'))
              : (cap && cap.textContent.trim()) || S('a11y.table'));
            e.setAttribute('data-wb-named', '1');
          }
        } else if (!over && ours) {
          e.removeAttribute('tabindex');
          e.removeAttribute('data-wb-scroll');
          if (e.getAttribute('data-wb-named') === '1') {
            e.removeAttribute('role');
            e.removeAttribute('aria-label');
            e.removeAttribute('data-wb-named');
          }
        }
      });
    }
    check();
    window.addEventListener('resize', debounce(check, 150));
  }

  /* A copy button on each code block: the button is added by this
     script, so without it nothing dead is shown. */
  function initCopyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) return;
    Array.prototype.forEach.call(doc.querySelectorAll('.content pre:not(.mermaid)'), function (pre) {
      if (pre.parentNode.classList && pre.parentNode.classList.contains('code-block')) return;
      var wrap = doc.createElement('div');
      wrap.className = 'code-block';
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var btn = doc.createElement('button');
      btn.type = 'button';
      btn.className = 'copy-button';
      btn.textContent = S('code.copy');
      btn.setAttribute('aria-label', S('code.copy_label'));
      var timer = null;
      function say(text) {
        btn.textContent = text;
        btn.setAttribute('aria-label', text);
        clearTimeout(timer);
        timer = setTimeout(function () {
          btn.textContent = S('code.copy');
          btn.setAttribute('aria-label', S('code.copy_label'));
        }, 2000);
      }
      btn.addEventListener('click', function () {
        var code = pre.querySelector('code') || pre;
        navigator.clipboard.writeText(code.textContent.replace(/\n$/, '')).then(
          function () { say(S('code.copied')); },
          function () { say(S('code.copy_failed')); }
        );
      });
      wrap.appendChild(btn);
    });
  }

  function initOverlay() {
    doc.addEventListener('click', function (e) {
      var btn = e.target.closest && e.target.closest('#waybook-overlay .overlay-close');
      if (!btn) return;
      var overlay = doc.getElementById('waybook-overlay');
      if (overlay) overlay.hidden = true;
    });
  }

  /* "Cite this page": a copy button beside each format, where the
     clipboard API exists (the text stays selectable without it). */
  function initCite() {
    if (!navigator.clipboard || !navigator.clipboard.writeText) return;
    Array.prototype.forEach.call(doc.querySelectorAll('pre[data-cite]'), function (pre) {
      var what = pre.getAttribute('data-label') || '';
      var b = el('button', 'cite-copy');
      b.type = 'button';
      function say(key) {
        b.textContent = S(key);
        b.setAttribute('aria-label', S(key) + ' ' + what);
      }
      say('cite.copy');
      b.addEventListener('click', function () {
        navigator.clipboard.writeText(pre.textContent).then(function () {
          say('cite.copied');
          setTimeout(function () { say('cite.copy'); }, 2000);
        }, function () {});
      });
      pre.parentNode.insertBefore(b, pre);
    });
  }

  function safe(fn) {
    try {
      return fn();
    } catch (e) {
      if (window.console && console.warn) console.warn('waybook:', e);
      return null;
    }
  }

  function init() {
    safe(initTheme);
    safe(initHeaderHeight);
    safe(initNav);
    var box = safe(initSearchBox);
    var page = safe(initSearchPage);
    safe(function () { initSlashShortcut(page, box); });
    safe(initTocSpy);
    safe(initTabs);
    safe(initMermaid);
    safe(initCopyButtons);
    safe(initScrollables);
    safe(initOverlay);
    safe(initCite);
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
