// End-to-end: with packaging.encryption = "aes-128", hls.js in headless Chromium fetches the
// video's key with the playback token and plays the encrypted segments; the same segments with
// the key line taken out of the playlists do not play.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, playHls, startPlayerServer, startReel, startStaticServer } from './lib/server.mjs';

const ENV = { REEL__PACKAGING__ENCRYPTION: 'aes-128' };

/** GET a URL with a timeout; resolves to { status, headers, body } with the body as bytes. */
async function getBytes(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('AES-128 HLS in a real browser', { timeout: 180_000 }, () => {
  let reel; // the running Reel server with its temp dir, token and clip (startReel)
  let player; // the static server for the hls.js test page
  let browser; // headless Chromium
  let video; // the video JSON once processing is done

  before(
    async () => {
      reel = await startReel({ env: ENV });
      video = await reel.upload({
        title: 'e2e encrypted playback',
        description: 'testsrc2 + 440 Hz tone, 8 s, AES-128',
        until: ['ready'],
        timeoutMs: 120_000,
      });
      [player, browser] = await Promise.all([startPlayerServer(), launchBrowser()]);
    },
    { timeout: 150_000 },
  );

  after(
    async () => {
      await browser?.close();
      await player?.close();
      await reel?.close();
    },
    { timeout: 30_000 },
  );

  test('the API and the playlists announce AES-128 and the segments are ciphertext', { timeout: 30_000 }, async () => {
    assert.equal(video.playback?.encryption, 'AES-128', JSON.stringify(video));
    assert.equal(video.playback?.dash, null, 'no DASH for AES-128 HLS');
    const prefix = video.playback.hls.replace(/\/master\.m3u8$/, '');
    const media = (await getBytes(`${prefix}/360p/index.m3u8`)).body.toString();
    assert.match(media, /#EXT-X-MAP:URI="[^"]+"\n#EXT-X-KEY:METHOD=AES-128,URI="\/play\/[^"]+\/key"\n/, media);

    const segment = await getBytes(`${prefix}/360p/00000.m4s`);
    assert.equal(segment.status, 200);
    assert.equal(segment.body.length % 16, 0, 'AES-CBC output is whole 16-byte blocks');
    assert.notEqual(segment.body.subarray(4, 8).toString('latin1'), 'moof', 'segment 0 is stored in the clear');
    const key = await getBytes(`${prefix}/key`);
    assert.equal(key.status, 200);
    assert.equal(key.body.length, 16);
    assert.equal(key.headers.get('cache-control'), 'private, no-store');
  });

  test('hls.js fetches the key and plays past 3 s in Chromium with no fatal error', { timeout: 60_000 }, async () => {
    const keyAnswers = [];
    const onResponse = (res) => {
      if (new URL(res.url()).pathname.endsWith('/key')) keyAnswers.push(res.status());
    };
    browser.page.on('response', onResponse);
    let state;
    try {
      state = await playHls(browser.page, player.base, video.playback.hls, { minSeconds: 3, timeoutMs: 30_000 });
    } finally {
      browser.page.off('response', onResponse);
    }
    const details = () =>
      `\n--- player state ---\n${JSON.stringify(state, null, 2)}` +
      `\n--- browser console ---\n${browser.consoleLines.join('\n')}`;

    assert.equal(state.fatal, null, `hls.js reported a fatal error${details()}`);
    assert.equal(state.timedOut, false, `video did not reach 3 s within 30 s${details()}`);
    assert.ok(state.currentTime > 3, `currentTime ${state.currentTime} <= 3${details()}`);
    assert.ok(state.videoWidth > 0, `videoWidth is ${state.videoWidth}: no decoded frames${details()}`);
    assert.deepEqual(state.errors.filter((e) => e.fatal), [], `fatal hls.js errors${details()}`);
    assert.deepEqual(state.cspViolations, [], `CSP violations on the player page${details()}`);
    assert.ok(keyAnswers.length > 0 && keyAnswers.every((s) => s === 200), `key answers ${keyAnswers}${details()}`);
  });

  test('without the key line the same segments do not play', { timeout: 60_000 }, async () => {
    // The server's own playlists with #EXT-X-KEY taken out and their URIs made absolute, served
    // from another origin: hls.js then takes the ciphertext for media.
    const prefix = video.playback.hls.replace(/\/master\.m3u8$/, '');
    const routes = {}; // filled below; the static server looks paths up per request
    const stripped = await startStaticServer(routes, { cors: true });
    const toServer = (text) => text.replaceAll('"/play/', `"${reel.server.base}/play/`).replace(/^\/play\//gm, `${reel.server.base}/play/`);
    try {
      for (const { name } of video.renditions) {
        const text = (await getBytes(`${prefix}/${name}/index.m3u8`)).body.toString();
        assert.match(text, /^#EXT-X-KEY:/m);
        routes[`/${name}.m3u8`] = join(reel.workDir, `${name}.m3u8`);
        await writeFile(routes[`/${name}.m3u8`], toServer(text.replace(/^#EXT-X-KEY:.*\n/m, '')));
      }
      const master = (await getBytes(video.playback.hls)).body.toString();
      routes['/master.m3u8'] = join(reel.workDir, 'master.m3u8');
      await writeFile(routes['/master.m3u8'], master.replace(/\/play\/[^\s"]+\/([^/\s"]+)\/index\.m3u8/g, `${stripped.base}/$1.m3u8`));

      const state = await playHls(browser.page, player.base, `${stripped.base}/master.m3u8`, { minSeconds: 1, timeoutMs: 15_000 });
      const dump = () => JSON.stringify(state, null, 2);
      assert.ok(state.playlists.length > 0, `hls.js did not load the stripped playlists: ${dump()}`);
      assert.ok(state.currentTime <= 1 && state.videoWidth === 0, `ciphertext played without its key: ${dump()}`);
      // It failed on the data it fetched (hls.js finds no media in it), not on fetching it.
      assert.ok(state.errors.length > 0, `no error reported: ${dump()}`);
      assert.deepEqual(state.errors.filter((e) => e.type !== 'mediaError'), [], `not a media error: ${dump()}`);
    } finally {
      await stripped.close();
    }
  });
});
