// End-to-end: screens at once in headless Chromium. An account allowed one screen plays an
// item in one tab; a second tab's play is refused with the "too many screens" dialog, which
// lists the first (device, item, since) and stops it; the first tab says playback was stopped,
// and the second plays. The dialog is checked with axe-core as it shows.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { axeViolations } from './lib/axe.mjs';
import { ADMIN_EMAIL, createToken, launchBrowser, makeClip, makeTempDir, removeDir, signInThroughPage, startServer, uploadAndWait } from './lib/server.mjs';

// One screen for a member without a plan (the admin holds none); a stop is seen within 2 s.
const ENV = {
  REEL__MEDIA__X264_PRESET: 'ultrafast',
  REEL__ENTITLEMENTS__MAX_STREAMS: '1',
  REEL__ENTITLEMENTS__ENFORCE_WITHIN_SECS: '2',
};

describe('screens at once', { timeout: 300_000 }, () => {
  let workDir;
  let dataDir;
  let server;
  let base;
  let browser;
  let video;

  before(
    async () => {
      workDir = await makeTempDir('reel-e2e-screens-');
      dataDir = join(workDir, 'data');
      const token = await createToken(dataDir, { name: 'e2e-admin', env: ENV });
      // Long enough that the first tab is still fetching segments when it is stopped.
      const clip = await makeClip(workDir, { name: 'long.mp4', seconds: 60, size: '160x90', preset: 'ultrafast' });
      server = await startServer(dataDir, { env: ENV });
      base = server.base;
      [video, browser] = await Promise.all([
        uploadAndWait(base, token, clip, { title: 'One screen only', visibility: 'members', timeoutMs: 150_000 }),
        launchBrowser(),
      ]);
      browser.page.setDefaultTimeout(15_000);
    },
    { timeout: 240_000 },
  );

  after(
    async () => {
      await browser?.close();
      await server?.stop();
      await removeDir(workDir);
    },
    { timeout: 30_000 },
  );

  const details = () =>
    `\n--- browser console (tail) ---\n${browser?.consoleLines.slice(-30).join('\n')}` +
    `\n--- reel serve output (tail) ---\n${server?.logs().slice(-3000)}`;

  /** Opens the item's watch page in `page`, presses play, and waits until it plays. */
  async function play(page) {
    await page.goto(`${base}/watch/${video.id}`);
    await page.click('.player-bigplay');
    try {
      await page.waitForFunction(() => window.reelPlayer.video.currentTime > 0.5, null, { timeout: 20_000, polling: 100 });
    } catch (err) {
      err.message += details();
      throw err;
    }
  }

  test('a second tab is refused with the list of screens, stops the first, and plays', { timeout: 180_000 }, async () => {
    const first = browser.page;
    await signInThroughPage(first, { base, dataDir, address: ADMIN_EMAIL });
    await play(first);

    // The second tab's play is refused: the dialog names the first screen and what it plays.
    const second = await browser.context.newPage();
    await second.goto(`${base}/watch/${video.id}`);
    await second.click('.player-bigplay');
    const dialog = second.locator('.player-screens[role="dialog"]');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 }).catch((err) => {
      err.message += details();
      throw err;
    });
    const entries = dialog.locator('.player-screens-list li');
    assert.equal(await entries.count(), 1);
    assert.match(await entries.first().innerText(), /Chrom\w* on Linux: One screen only, since/);
    assert.match(await dialog.innerText(), /one screen at a time/);
    assert.equal(await second.evaluate(() => document.activeElement?.textContent), 'Stop', 'the focus is not on the first Stop button');
    assert.deepEqual(await axeViolations(second), []);

    // Stopping it frees the place; the first tab is told, the second plays.
    await entries.first().locator('button').click();
    const playHere = dialog.locator('button', { hasText: 'Play here' });
    await playHere.waitFor({ state: 'visible' });
    await first.waitForFunction(
      () => /Playback stopped: this screen was stopped/.test(document.querySelector('.player-message:not([hidden])')?.textContent ?? ''),
      null,
      { timeout: 40_000, polling: 250 },
    );
    await Promise.all([second.waitForEvent('load'), playHere.click()]);
    await play(second);
    await second.close();
  });
});
