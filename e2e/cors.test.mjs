// End-to-end: Chromium's own CORS checks against `[api] cors_origins`. A page on the listed
// origin calls the API with a token (a simple GET, then one with a header that needs a
// preflight) and reads the answer and its rate-limit headers; the same page on another origin
// is kept from the answer by the browser.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, makeTempDir, removeDir, startReel, startStaticServer } from './lib/server.mjs';

/**
 * In the page: calls the API (with `token` when given: a header that needs a preflight), and
 * says what the page could read of the answer.
 */
async function callApi(page, url, token, headers = {}) {
  return page.evaluate(
    async ({ url, token, headers }) => {
      try {
        const auth = token ? { Authorization: `Bearer ${token}` } : {};
        const r = await fetch(url, { headers: { ...auth, ...headers } });
        const body = await r.json();
        return { status: r.status, remaining: r.headers.get('RateLimit-Remaining'), items: Array.isArray(body.items) };
      } catch (err) {
        return { blocked: String(err) };
      }
    },
    { url, token, headers },
  );
}

describe('cross-origin API calls from a browser', { timeout: 120_000 }, () => {
  let pages;
  let app;
  let elsewhere;
  let reel;
  let browser;

  before(
    async () => {
      pages = await makeTempDir('reel-e2e-cors-');
      const html = join(pages, 'index.html');
      await writeFile(html, '<!doctype html><html lang="en"><title>Another site</title><p>A page on another origin.</p></html>\n');
      [app, elsewhere] = await Promise.all([startStaticServer({ '/': html }), startStaticServer({ '/': html })]);
      reel = await startReel({ env: { REEL__API__CORS_ORIGINS: JSON.stringify([app.base]) } });
      browser = await launchBrowser();
    },
    { timeout: 60_000 },
  );

  after(
    async () => {
      await browser?.close();
      await reel?.close();
      await app?.close();
      await elsewhere?.close();
      if (pages) await removeDir(pages);
    },
    { timeout: 30_000 },
  );

  test('the listed origin reads the answer, with and without a preflight; another is refused by the browser', async () => {
    const url = `${reel.server.base}/api/v1/videos`;
    await browser.page.goto(`${app.base}/`);
    // A simple request (no preflight): signed out, the page reads the API's 401 and its code.
    const anonymous = await callApi(browser.page, url, null);
    assert.equal(anonymous.status, 401, JSON.stringify(anonymous));
    const simple = await callApi(browser.page, url, reel.token);
    assert.equal(simple.status, 200, JSON.stringify(simple));
    assert.equal(simple.items, true);
    assert.match(simple.remaining ?? '', /^\d+$/, 'the page reads RateLimit-Remaining');
    // A header outside CORS's safelist: Chromium asks first (OPTIONS), then sends it.
    const preflighted = await callApi(browser.page, url, reel.token, { 'Idempotency-Key': 'e2e-cors-1' });
    assert.equal(preflighted.status, 200, JSON.stringify(preflighted));

    await browser.page.goto(`${elsewhere.base}/`);
    const refused = await callApi(browser.page, url, reel.token);
    assert.ok(refused.blocked, `a page on an origin not listed read the answer: ${JSON.stringify(refused)}`);
  });
});
