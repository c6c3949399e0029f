// End-to-end: the joins of an item encoded in parts are invisible to players. An item has a
// first segment of one second, encoded on its own, then 4 s segments: with the quick start (one
// job, the first second apart from the rest) and cut into chunks (a join every 8 s here).
// hls.js and dash.js both play each ready item from its first moment across its joins
// without once waiting for data.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPlayer, playerState, startPlayerServer, startReel, waitForPlayback } from './lib/server.mjs';

const CLIP_SECONDS = 20;
/** Played through: the 1 s join, and the 9 s one (a chunk's end, or a segment's). */
const PLAY_PAST = 11;

/** Chunks of 8 s after a first one of 1 s, for sources of 10 s and more. */
const CHUNKED = { REEL__CHUNKING__MIN_DURATION_S: '10', REEL__CHUNKING__CHUNK_S: '8' };

describeJoins('an item with a quick start (its first second encoded apart)', {});
describeJoins('an item encoded in chunks', CHUNKED);

function describeJoins(title, serverEnv) {
  describe(title, { timeout: 240_000 }, () => {
    let reel;
    let player;
    let browser;
    let video;

    before(
      async () => {
        [reel, player, browser] = await Promise.all([
          startReel({ env: serverEnv, clip: { seconds: CLIP_SECONDS, size: '1280x720', preset: 'ultrafast', timeoutMs: 60_000 } }),
          startPlayerServer(),
          launchBrowser(),
        ]);
        video = await reel.upload({ title: 'e2e joins', until: ['ready'], intervalMs: 200, timeoutMs: 150_000 });
      },
      { timeout: 200_000 },
    );

    after(
      async () => {
        await browser?.close();
        await player?.close();
        await reel?.close();
      },
      { timeout: 30_000 },
    );

    for (const [name, dash] of [
      ['hls.js', false],
      ['dash.js', true],
    ]) {
      test(`${name} plays from the first moment across the joins without waiting`, { timeout: 60_000 }, async () => {
        const first = await fetch(video.playback.hls.replace(/master\.m3u8$/, '360p/index.m3u8')).then((r) => r.text());
        assert.match(first, /#EXTINF:1\.000000,/, `the item starts with a 1 s segment:\n${first}`);
        const url = dash ? video.playback.dash : video.playback.hls;
        assert.ok(url, `a ready item has a ${name} URL: ${JSON.stringify(video.playback)}`);
        await openPlayer(browser.page, player.base, url, { dash });
        const reached = await waitForPlayback(browser.page, { minSeconds: PLAY_PAST, timeoutMs: 40_000 });
        const state = await playerState(browser.page);
        const report = `\n${JSON.stringify(state, null, 2)}\n--- console ---\n${browser.consoleLines.join('\n')}`;
        assert.equal(state.fatal, null, `${name} failed${report}`);
        assert.ok(reached, `${name} did not play past ${PLAY_PAST} s${report}`);
        assert.ok(state.firstPlaying !== null && state.firstPlaying < 0.5, `${name} did not start at the beginning${report}`);
        // Once playing, the player never ran out of data: no 'waiting' after the first 'playing'.
        const startedAt = state.events.findIndex((e) => e.includes('video playing'));
        const waits = state.events.slice(startedAt + 1).filter((e) => e.includes('video waiting'));
        assert.deepEqual(waits, [], `${name} waited for data at a join${report}`);
      });
    }
  });
}
