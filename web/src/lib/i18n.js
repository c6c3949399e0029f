// The scripts' words in the page's language: the messages of its web.ftl, which the server
// puts in every page as JSON (`<script type="application/json" id="reel-messages">`), and
// t() to write one out, picking plural forms and writing numbers the way that language does.
//
// A message is an array of parts: text, `{v: name}` for a variable, and `{s: name, k: [[key,
// parts]…], d: i}` for a selector over a variable, whose default is variant i (see
// crates/base/src/i18n/web.rs, which makes them).

/** The messages, read once per page (a test may put another document in its place). */
let loaded = { document: null, messages: {} };

function messages() {
  if (loaded.document !== globalThis.document) {
    let found = {};
    try {
      const parsed = JSON.parse(document.getElementById('reel-messages')?.textContent || '{}');
      if (parsed && typeof parsed === 'object') found = parsed;
    } catch {
      // Without its messages a page still works: each one shows as its key.
    }
    loaded = { document: globalThis.document, messages: found };
  }
  return loaded.messages;
}

/** The page's language: its `<html lang>`, which the server set to the one it speaks. */
export function lang() {
  return document.documentElement.lang || 'en';
}

const formatters = new Map();

/** One Intl object per language and options: making them is slow, and clocks tick often. */
function cached(kind, options, make) {
  const key = `${kind} ${lang()} ${JSON.stringify(options)}`;
  if (!formatters.has(key)) formatters.set(key, make());
  return formatters.get(key);
}

/**
 * `n` as the page's language writes it: `1,234.5`, `1 234,5`, `١٬٢٣٤٫٥`. `options` are
 * Intl.NumberFormat's (`{minimumFractionDigits: 1}`…).
 */
export function formatNumber(n, options = {}) {
  // Arabic with its own digits, as the server writes it: ICU now gives plain `ar` Latin ones.
  const numbering = lang().split('-')[0] === 'ar' && !lang().includes('-u-') ? { numberingSystem: 'arab' } : {};
  return cached('number', options, () => new Intl.NumberFormat(lang(), { ...numbering, ...options })).format(n);
}

/** The variant of selector `part` that `value` picks: its own key, else its plural category's, else the default. */
function variant(part, value) {
  const keys = part.k ?? [];
  let found = keys.find(([key]) => key === String(value) || (typeof value === 'number' && key !== '' && Number(key) === value));
  if (!found && typeof value === 'number') {
    const category = cached('plural', {}, () => new Intl.PluralRules(lang())).select(value);
    found = keys.find(([key]) => key === category);
  }
  return (found ?? keys[part.d ?? 0] ?? [null, []])[1];
}

/**
 * The parts of `key` with `args` put in: numbers written out, DOM nodes left as they are.
 * Neighbouring text is joined, so a message without nodes gives one string.
 */
function format(key, args) {
  const message = messages()[key];
  if (!Array.isArray(message)) return [key];
  // Right to left, what is put into a sentence is isolated, so that a Latin name or a number
  // does not reorder the words around it (as the server's Fluent does).
  const rtl = document.documentElement.dir === 'rtl';
  const out = [];
  const push = (piece) => {
    if (typeof piece === 'string' && typeof out[out.length - 1] === 'string') out[out.length - 1] += piece;
    else out.push(piece);
  };
  const walk = (parts) => {
    const isolate = rtl && parts.length > 1;
    for (const part of parts) {
      if (typeof part === 'string') {
        push(part);
        continue;
      }
      if (isolate) push('\u2068');
      if (part && 'v' in part) {
        const value = args[part.v];
        push(value == null ? `{$${part.v}}` : typeof value === 'number' ? formatNumber(value) : value);
      } else if (part && 's' in part) {
        walk(variant(part, args[part.s]));
      }
      if (isolate) push('\u2069');
    }
  };
  walk(message);
  return out.length ? out : [''];
}

/**
 * The message `key` (or `key.attribute`) in the page's language, with `args`:
 * `t('web-upload-percent', {percent: 42})` → "42 %". Numbers are written as the language
 * writes them (and pick the plural form); strings go in as they are. A key the page lacks
 * comes out as itself.
 */
export function t(key, args = {}) {
  return format(key, args).map(String).join('');
}

/**
 * Like t(), for a message around elements: `tNodes('web-shortcuts-either', {first: kbd, second:
 * kbd})` → `[kbd, " or ", kbd]`, to append to an element.
 */
export function tNodes(key, args = {}) {
  return format(key, args);
}
