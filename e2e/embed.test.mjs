// End-to-end: the embeddable player in Chromium. A page on an origin `[embed] allowed_origins`
// lists frames `/embed/{id}` and plays a members-only item through a share link; the same page
// on another origin is refused by the browser (`frame-ancestors`); a share link plays before
// its expiry and says it has expired after; without one, a members-only item asks to sign in.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, makeTempDir, removeDir, startReel, startStaticServer } from './lib/server.mjs';

/** Makes a share link of `id` through the API; its `embed_url`. */
async function shareLink(reel, id, expiresInS) {
  const r = await fetch(`${reel.server.base}/api/v1/videos/${id}/share-links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${reel.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ expires_in_s: expiresInS }),
  });
  const body = await r.json();
  assert.equal(r.status, 201, JSON.stringify(body));
  assert.match(body.url, new RegExp(`/watch/${id}\\?share=`));
  return body.embed_url;
}

/** The page of "another site", framing `src`. */
async function framing(file, src) {
  await writeFile(
    file,
    `<!doctype html><html lang="en"><title>A blog</title><h1>A post with a video</h1>
<iframe src="${src}" width="640" height="360" title="The video" allow="autoplay; fullscreen"></iframe></html>\n`,
  );
}

/** Whether the frame's player plays (muted, so no gesture is needed): its time moves on. */
async function framePlays(frame) {
  await frame.waitForSelector('video.player-video', { timeout: 15_000 });
  return frame.evaluate(async () => {
    const video = document.querySelector('video.player-video');
    video.muted = true;
    await video.play();
    const started = Date.now();
    while (video.currentTime < 0.5 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 100));
    return video.currentTime;
  });
}

describe('the embeddable player on other sites', { timeout: 180_000 }, () => {
  let pages;
  let allowedFile;
  let refusedFile;
  let allowed;
  let refused;
  let reel;
  let browser;
  let item; // a members-only item

  before(
    async () => {
      pages = await makeTempDir('reel-e2e-embed-');
      allowedFile = join(pages, 'allowed.html');
      refusedFile = join(pages, 'refused.html');
      await Promise.all([framing(allowedFile, 'about:blank'), framing(refusedFile, 'about:blank')]);
      [allowed, refused] = await Promise.all([startStaticServer({ '/': allowedFile }), startStaticServer({ '/': refusedFile })]);
      reel = await startReel({
        env: { REEL__EMBED__ALLOWED_ORIGINS: JSON.stringify([allowed.base]) },
        clip: { seconds: 4, size: '320x180' },
      });
      [item, browser] = await Promise.all([reel.upload({ title: 'Members rehearsal', visibility: 'members' }), launchBrowser()]);
    },
    { timeout: 150_000 },
  );

  after(
    async () => {
      await browser?.close();
      await reel?.close();
      await allowed?.close();
      await refused?.close();
      if (pages) await removeDir(pages);
    },
    { timeout: 30_000 },
  );

  test('an allowed origin frames and plays it through a share link; another origin is refused', async () => {
    const src = await shareLink(reel, item.id, 600);
    await Promise.all([framing(allowedFile, src), framing(refusedFile, src)]);
    const page = browser.page;
    const consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));

    await page.goto(`${allowed.base}/`);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    assert.ok((await framePlays(frame)) >= 0.5, 'the framed player did not play');
    assert.match(await frame.textContent('.embed-bar'), /Members rehearsal/);

    const mark = consoleErrors.length;
    await page.goto(`${refused.base}/`);
    await page.waitForSelector('iframe');
    await page.waitForTimeout(1500);
    const blocked = page.frames().find((f) => f !== page.mainFrame());
    const hasPlayer = await blocked
      .evaluate(() => document.querySelector('video') !== null)
      .catch(() => false);
    assert.equal(hasPlayer, false, 'the refused origin shows the player');
    assert.ok(
      consoleErrors.slice(mark).some((e) => e.includes('frame-ancestors')),
      `no frame-ancestors refusal reported: ${JSON.stringify(consoleErrors.slice(mark))}`,
    );
  });

  test('a share link plays before its expiry and not after; without one a members item asks to sign in', async () => {
    const src = await shareLink(reel, item.id, 8);
    const made = Date.now();
    await framing(allowedFile, src);
    const page = browser.page;
    await page.goto(`${allowed.base}/`);
    let frame = await (await page.waitForSelector('iframe')).contentFrame();
    assert.ok((await framePlays(frame)) >= 0.5, 'the link did not play before its expiry');

    await page.waitForTimeout(Math.max(0, made + 9_000 - Date.now()));
    await page.goto(`${allowed.base}/`);
    frame = await (await page.waitForSelector('iframe')).contentFrame();
    await frame.waitForSelector('.player-message');
    assert.match(await frame.textContent('.player-message'), /share link has expired/);
    assert.equal(await frame.locator('video').count(), 0);

    await framing(allowedFile, `${reel.server.base}/embed/${item.id}`);
    await page.goto(`${allowed.base}/`);
    frame = await (await page.waitForSelector('iframe')).contentFrame();
    await frame.waitForSelector('.player-message');
    assert.match(await frame.textContent('.player-message'), /Sign in on the site/);
    assert.equal(await frame.locator('video').count(), 0);
  });
});
