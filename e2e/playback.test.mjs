// End-to-end: a clip uploaded to a real Reel server plays from its HLS output in headless Chromium through hls.js.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, playHls, startPlayerServer, startReel } from './lib/server.mjs';

// The whole file must finish or fail within 3 minutes.
describe('HLS playback in a real browser', { timeout: 180_000 }, () => {
  let reel; // the running Reel server with its temp dir, token and clip (startReel)
  let player; // the static server for the hls.js test page
  let browser; // headless Chromium
  let video; // the video JSON once processing is done

  before(
    async () => {
      reel = await startReel();
      video = await reel.upload({
        title: 'e2e playback',
        description: 'testsrc2 + 440 Hz tone, 8 s',
        until: ['ready'],
        timeoutMs: 120_000,
      });
      [player, browser] = await Promise.all([startPlayerServer(), launchBrowser()]);
    },
    { timeout: 150_000 },
  );

  // Runs even if `before` failed half-way: close whatever was opened.
  after(
    async () => {
      await browser?.close();
      await player?.close();
      await reel?.close();
    },
    { timeout: 30_000 },
  );

  test('the master playlist is public, absolute and CORS-enabled', { timeout: 30_000 }, async () => {
    const hls = video.playback?.hls;
    assert.ok(hls, `ready video has no playback.hls: ${JSON.stringify(video)}`);
    assert.match(new URL(hls).protocol, /^https?:$/, 'playback.hls must be an absolute http(s) URL');

    // No Authorization header: the token lives in the URL path.
    const res = await fetch(hls, {
      headers: { Origin: 'http://127.0.0.1:1' },
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.text();
    assert.equal(res.status, 200, `GET ${hls} -> ${res.status}: ${body.slice(0, 500)}`);
    assert.equal(res.headers.get('access-control-allow-origin'), '*', 'playlist must carry ACAO: *');
    assert.ok(body.startsWith('#EXTM3U'), `not an M3U8 playlist: ${body.slice(0, 200)}`);
    assert.match(body, /#EXT-X-STREAM-INF:/, `not a master playlist:\n${body}`);
  });

  test('hls.js plays past 3 s in Chromium with no fatal error', { timeout: 60_000 }, async () => {
    const hls = video.playback?.hls;
    assert.ok(hls, `ready video has no playback.hls: ${JSON.stringify(video)}`);

    const state = await playHls(browser.page, player.base, hls, { minSeconds: 3, timeoutMs: 30_000 });
    const details = () =>
      `\n--- player state ---\n${JSON.stringify(state, null, 2)}` +
      `\n--- browser console ---\n${browser.consoleLines.join('\n')}`;

    assert.equal(state.fatal, null, `hls.js reported a fatal error${details()}`);
    assert.equal(state.timedOut, false, `video did not reach 3 s within 30 s${details()}`);
    assert.ok(state.currentTime > 3, `currentTime ${state.currentTime} <= 3${details()}`);
    assert.ok(state.videoWidth > 0, `videoWidth is ${state.videoWidth}: no decoded frames${details()}`);
    assert.deepEqual(state.errors.filter((e) => e.fatal), [], `fatal hls.js errors${details()}`);
    // Video and audio start together at 0: no gap for hls.js to jump (B-frame delay, see transcode.rs).
    assert.ok(state.bufferedStart !== null && state.bufferedStart < 0.001, `the buffer began at ${state.bufferedStart} s${details()}`);
    assert.deepEqual(
      state.errors.filter((e) => e.details === 'bufferSeekOverHole'),
      [],
      `hls.js had to seek over a hole in the buffer${details()}`,
    );
    assert.deepEqual(state.cspViolations, [], `CSP violations on the player page${details()}`);
    assert.equal(state.playError, null, `video.play() was rejected${details()}`);
  });
});
