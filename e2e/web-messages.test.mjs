// The scripts' words without a browser: web/src/lib/i18n.js formats the catalogues'
// web.ftl messages (turned into the JSON the server puts in each page), the English comes out
// as the scripts wrote it before they had catalogues, Arabic and French pick their plural
// forms and digits, and every key the scripts name is in every language.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LANGS = ['en', 'fr', 'ar'];

/** A pattern's parts as crates/base/src/i18n/web.rs writes them: text and `{v: name}`. */
function parts(text, where) {
  const out = [];
  let rest = text;
  for (let at = rest.indexOf('{'); at >= 0; at = rest.indexOf('{')) {
    if (at > 0) out.push(rest.slice(0, at));
    const end = rest.indexOf('}', at);
    const variable = /^\{\s*\$([a-zA-Z][\w-]*)\s*\}$/.exec(rest.slice(at, end + 1));
    assert.ok(variable, `${where}: only { $variable } placeables here`);
    out.push({ v: variable[1] });
    rest = rest.slice(end + 1);
  }
  if (rest) out.push(rest);
  return out;
}

/**
 * A web.ftl as the JSON the page carries. Only what web.ftl may hold is read (one-line
 * messages, and selectors over a variable with one-line variants); anything else fails.
 */
function catalogue(source, file) {
  const messages = {};
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' || line.startsWith('#')) continue;
    const message = /^([a-z][a-z0-9-]*) = (.*)$/.exec(line);
    assert.ok(message, `${file}:${i + 1}: not a message: ${line}`);
    const [, key, value] = message;
    const selector = /^\{ \$([a-z]+) ->$/.exec(value);
    if (!selector) {
      messages[key] = parts(value, `${file}:${i + 1}`);
      continue;
    }
    const variants = [];
    let fallback = 0;
    for (i++; lines[i] !== '}'; i++) {
      const variant = /^\s*(\*?)\[([^\]]+)\] (.*)$/.exec(lines[i] ?? '');
      assert.ok(variant, `${file}:${i + 1}: not a variant: ${lines[i]}`);
      if (variant[1]) fallback = variants.length;
      variants.push([variant[2], parts(variant[3], `${file}:${i + 1}`)]);
    }
    messages[key] = [{ s: selector[1], k: variants, d: fallback }];
  }
  return messages;
}

const catalogues = Object.fromEntries(
  await Promise.all(LANGS.map(async (lang) => [lang, catalogue(await readFile(join(ROOT, 'locales', lang, 'web.ftl'), 'utf8'), `${lang}/web.ftl`)])),
);

/** A page in `lang` carrying its messages (a new document: i18n.js reads them afresh). */
function page(lang, messages = catalogues[lang]) {
  globalThis.document = {
    documentElement: { lang, dir: lang === 'ar' ? 'rtl' : 'ltr' },
    getElementById: (id) => (id === 'reel-messages' && messages ? { textContent: JSON.stringify(messages) } : null),
  };
}

page('en');
const { t, tNodes, formatNumber } = await import('../web/src/lib/i18n.js');
const { clock, spoken, statusLabel } = await import('../web/src/lib/format.js');
const { formatBytes, formatRate, formatTimeLeft } = await import('../web/src/upload/meter.js');

describe('the scripts’ messages', () => {
  test('every key the scripts name is in every language', async () => {
    const sources = [];
    const walk = async (dir) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith('.js')) sources.push(await readFile(path, 'utf8'));
      }
    };
    await walk(join(ROOT, 'web', 'src'));
    const used = new Set(sources.flatMap((source) => [...source.matchAll(/'(web-[a-z0-9-]+)'/g)].map((m) => m[1])));
    assert.ok(used.size > 50, `the scripts name ${used.size} keys`);
    for (const lang of LANGS) {
      const missing = [...used].filter((key) => !(key in catalogues[lang]));
      assert.deepEqual(missing, [], `${lang}/web.ftl lacks them`);
    }
    assert.deepEqual(Object.keys(catalogues.fr).sort(), Object.keys(catalogues.en).sort());
    assert.deepEqual(Object.keys(catalogues.ar).sort(), Object.keys(catalogues.en).sort());
  });

  test('the English is what the scripts wrote before', () => {
    page('en');
    assert.equal(spoken(83.4), '1 minute 23 seconds');
    assert.equal(spoken(0), '0 seconds');
    assert.equal(spoken(3600), '1 hour');
    assert.equal(spoken(3723), '1 hour 2 minutes 3 seconds');
    assert.equal(clock(3723), '1:02:03');
    assert.equal(clock(83.4), '1:23');
    assert.equal(statusLabel({ status: 'processing', progress: 42.7 }), 'Processing 42 %');
    assert.equal(statusLabel({ status: 'playable', progress: 99.6 }), 'Playable, 99 % processed');
    assert.equal(statusLabel({ status: 'ready' }), 'Ready');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(3_400_000), '3.4 MB');
    assert.equal(formatBytes(10_740_000_000), '10.74 GB');
    assert.equal(formatBytes(1_000), '1.0 kB');
    assert.equal(formatRate(12_500_000), '12.5 MB/s');
    assert.equal(formatRate(50_000), '0.05 MB/s');
    assert.equal(formatTimeLeft(5), 'a few seconds left');
    assert.equal(formatTimeLeft(45), 'about 50 s left');
    assert.equal(formatTimeLeft(75), 'about 1 min left');
    assert.equal(formatTimeLeft(3700), 'about 1 h 2 min left');
    assert.equal(formatTimeLeft(7200), 'about 2 h left');
    assert.equal(t('web-shortcuts-seek', { n: 5 }), 'Back or forward 5 seconds');
    assert.equal(t('web-shortcuts-jump', { from: 0, to: 90 }), 'Go to 0 % to 90 % of the video');
    assert.equal(t('web-player-speed-label', { speed: t('web-player-speed-rate', { rate: 1.5 }) }), 'Playback speed: 1.5×');
    assert.equal(t('web-player-resumed', { time: '1:23' }), 'Resumed at 1:23 —');
    assert.equal(t('web-ago-minutes', { n: 1 }), '1 minute ago');
    assert.equal(t('web-ago-days', { n: 3 }), '3 days ago');
    assert.equal(t('web-upload-saving'), 'Saving…');
  });

  test('elements given as arguments stay elements, between the words', () => {
    page('en');
    const key = { kbd: 'K' };
    const space = { kbd: 'Space' };
    assert.deepEqual(tNodes('web-shortcuts-either', { first: key, second: space }), [key, ' or ', space]);
    const file = { strong: 'a.mp4' };
    assert.deepEqual(tNodes('web-upload-unfinished-percent', { file, percent: 42 }), [
      'An upload of ',
      file,
      ' did not finish (42 %). Choose the same file to continue.',
    ]);
  });

  test('Arabic picks its six plural forms and writes its own digits, isolating what it puts in', () => {
    page('ar');
    const FSI = '\u2068';
    const PDI = '\u2069';
    assert.equal(t('web-ago-minutes', { n: 1 }), 'منذ دقيقة');
    assert.equal(t('web-ago-minutes', { n: 2 }), 'منذ دقيقتين');
    assert.equal(t('web-ago-minutes', { n: 3 }), `منذ ${FSI}٣${PDI} دقائق`);
    assert.equal(t('web-ago-minutes', { n: 11 }), `منذ ${FSI}١١${PDI} دقيقة`);
    assert.equal(t('web-ago-minutes', { n: 100 }), `منذ ${FSI}١٠٠${PDI} دقيقة`);
    assert.equal(clock(185), '٣:٠٥');
    assert.equal(formatNumber(1234.5), '١٬٢٣٤٫٥');
    assert.equal(spoken(62), `${FSI}دقيقة واحدة${PDI} و${FSI}ثانيتان${PDI}`);
    assert.match(statusLabel({ status: 'processing', progress: 42 }), /٤٢/);
  });

  test('French counts 0 and 1 as one, and writes its decimal comma', () => {
    page('fr');
    assert.equal(t('web-ago-days', { n: 1 }), 'il y a 1 jour');
    assert.equal(t('web-ago-days', { n: 0 }), 'il y a 0 jour');
    assert.equal(t('web-ago-days', { n: 2 }), 'il y a 2 jours');
    assert.equal(t('web-ago-months', { n: 5 }), 'il y a 5 mois');
    assert.equal(formatBytes(3_400_000), '3,4 Mo');
    assert.equal(t('web-player-speed-rate', { rate: 1.5 }), '1,5×');
  });

  test('a page without its messages shows each key as itself', () => {
    page('en', null);
    assert.equal(t('web-player-play'), 'web-player-play');
    assert.equal(statusLabel({ status: 'ready' }), 'web-status-ready');
  });
});
