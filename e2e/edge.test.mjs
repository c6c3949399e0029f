// End-to-end: the edge's default request budgets never stop a normal viewer. hls.js, held at
// the highest rung, seeks all over a whole video in headless Chromium; not one request may be
// refused.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPlayer, playerState, startPlayerServer, startReel } from './lib/server.mjs';

const SECONDS = 48;
// Positions to seek to, out of order so hls.js has to fetch around the whole video, twice.
const SEEKS = [40, 4, 28, 44, 12, 0, 36, 20, 46, 8, 32, 16, 24, 2, 42, 30, 10, 38, 18, 26];

describe('the default budgets and a seeking player', { timeout: 300_000 }, () => {
  let reel;
  let player;
  let browser;
  let video;

  before(
    async () => {
      // No [edge] settings at all: the shipped defaults are what is tested.
      reel = await startReel({
        env: { REEL__MEDIA__X264_PRESET: 'ultrafast' },
        clip: { seconds: SECONDS, size: '1280x720', preset: 'ultrafast' },
      });
      video = await reel.upload({ title: 'e2e edge', until: ['ready'], timeoutMs: 200_000 });
      [player, browser] = await Promise.all([startPlayerServer(), launchBrowser()]);
    },
    { timeout: 240_000 },
  );

  after(
    async () => {
      await browser?.close();
      await player?.close();
      await reel?.close();
    },
    { timeout: 30_000 },
  );

  test('hls.js at the top rung seeks through the whole video without a refusal', { timeout: 120_000 }, async (t) => {
    const page = browser.page;
    const media = []; // every /play answer the page got: { status, url }
    page.on('response', (r) => {
      if (r.url().includes('/play/')) media.push({ status: r.status(), url: r.url() });
    });
    await openPlayer(page, player.base, video.playback.hls);
    await page.waitForFunction(() => window.__hls && window.__hls.levels.length > 0, null, { timeout: 30_000 });
    const top = await page.evaluate(() => {
      const hls = window.__hls;
      const top = hls.levels.length - 1; // hls.js orders levels by bandwidth
      hls.currentLevel = top;
      return { index: top, height: hls.levels[top].height, levels: hls.levels.length };
    });
    assert.ok(top.levels >= 3, `the clip should have several rungs: ${JSON.stringify(top)}`);
    assert.equal(top.height, 720, `the highest rung is the source's height: ${JSON.stringify(top)}`);

    for (const at of SEEKS) {
      const reached = await page.evaluate(
        (at) =>
          new Promise((resolve) => {
            const v = document.getElementById('video');
            const done = () => resolve({ at: v.currentTime, ready: v.readyState });
            const timer = setTimeout(done, 15_000);
            const check = () => {
              if (v.readyState >= 3 && !v.seeking) {
                clearTimeout(timer);
                v.removeEventListener('canplay', check);
                v.removeEventListener('seeked', check);
                done();
              }
            };
            v.addEventListener('canplay', check);
            v.addEventListener('seeked', check);
            v.currentTime = at;
          }),
        at,
      );
      assert.ok(reached.ready >= 3 && Math.abs(reached.at - at) < 1, `seek to ${at} s: ${JSON.stringify(reached)}`);
    }

    const state = await playerState(page);
    const refused = media.filter((m) => m.status === 429 || m.status === 403);
    const failed = media.filter((m) => m.status >= 400);
    const fragments = media.filter((m) => /\.m4s$/.test(new URL(m.url).pathname));
    t.diagnostic(`${media.length} media requests, ${fragments.length} segments, ${SEEKS.length} seeks`);
    assert.deepEqual(refused, [], 'a request of a seeking player was refused');
    assert.deepEqual(failed, [], 'a request of a seeking player failed');
    assert.equal(state.fatal, null, `hls.js reported a fatal error: ${JSON.stringify(state.errors)}`);
    const level = await page.evaluate(() => window.__hls.currentLevel);
    assert.equal(level, top.index, 'the player left the highest rung');
    // The player really went everywhere: segments of the top rung from all over the video.
    const topFragments = new Set(fragments.map((m) => new URL(m.url).pathname).filter((p) => p.includes(`/${top.height}p/`)));
    assert.ok(topFragments.size >= SECONDS / 4 - 1, `only ${topFragments.size} top-rung segments were fetched`);
  });
});
