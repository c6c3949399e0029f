// End-to-end: a video that is still `playable` (transcoding, EVENT playlists growing) plays in
// headless Chromium through hls.js from its beginning, and keeps playing into segments that
// did not exist yet when playback started: encoded by one process, and cut into chunks whose
// joins the player crosses while later chunks are still being encoded.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPlayer, playerState, startPlayerServer, startReel, waitForPlayback } from './lib/server.mjs';

// The clip must be long enough, and the transcode slow enough, for the video to stay
// `playable` for a while (on a 2-core machine: 60 s of 720p with the ultrafast preset is
// ~4x real time, i.e. ~15 s playable). Both can be tuned for slower or faster machines.
const CLIP_SECONDS = Number(process.env.REEL_E2E_PLAYABLE_SECONDS || 60);
const X264_PRESET = process.env.REEL_E2E_PLAYABLE_PRESET || 'ultrafast';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** GET a URL as text with a timeout; resolves to { status, headers, body }. */
async function getText(url, init = {}) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/**
 * Reads the master playlist and every video variant's media playlist. Resolves to
 * { master, variants: [{ uri, bandwidth, seconds, segments, event, ended, cacheControl }] },
 * lowest bandwidth first. Variant URIs are root-relative (/play/...): resolved against the master.
 */
async function readVariants(masterUrl) {
  const master = await getText(masterUrl);
  assert.equal(master.status, 200, `GET ${masterUrl} -> ${master.status}: ${master.body.slice(0, 300)}`);
  const lines = master.body.split('\n').map((l) => l.trim());
  const variants = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('#EXT-X-STREAM-INF:')) continue;
    const uri = lines.slice(i + 1).find((l) => l && !l.startsWith('#'));
    const bandwidth = Number(/BANDWIDTH=(\d+)/.exec(lines[i])?.[1] ?? 0);
    const url = new URL(uri, masterUrl).href;
    const media = await getText(url);
    assert.equal(media.status, 200, `GET ${url} -> ${media.status}: ${media.body.slice(0, 300)}`);
    const durations = [...media.body.matchAll(/^#EXTINF:([\d.]+)/gm)].map((m) => Number(m[1]));
    variants.push({
      uri,
      bandwidth,
      seconds: durations.reduce((a, b) => a + b, 0),
      segments: durations.length,
      event: /^#EXT-X-PLAYLIST-TYPE:EVENT$/m.test(media.body),
      ended: /^#EXT-X-ENDLIST$/m.test(media.body),
      cacheControl: media.headers.get('cache-control'),
    });
  }
  assert.ok(variants.length > 0, `no #EXT-X-STREAM-INF in the master playlist:\n${master.body}`);
  variants.sort((a, b) => a.bandwidth - b.bandwidth);
  return { master: master.body, variants };
}

/** The most media any video variant offers, in seconds (the conservative "available now"). */
const availableSeconds = ({ variants }) => Math.max(...variants.map((v) => v.seconds));

/** Chunks of 8 s after a first one of 1 s: a join every 8 s of the clip. */
const CHUNKED = { REEL__CHUNKING__MIN_DURATION_S: '10', REEL__CHUNKING__CHUNK_S: '8' };

describePlayable('playback while the video is still transcoding (playable)', {});
describePlayable('playback while the chunks of the video are still being encoded (playable)', CHUNKED);

function describePlayable(title, serverEnv) {
  describe(title, { timeout: 300_000 }, () => {
    let reel; // the running Reel server with its temp dir, token and clip (startReel)
    let server; // reel.server
    let token; // reel.token
    let player; // the static server for the hls.js test page
    let browser; // headless Chromium
    let polling = false; // the test's background status poller runs while true

    before(
      async () => {
        // Everything is up before the upload, so the player can open as soon as the video is playable.
        [reel, player, browser] = await Promise.all([
          startReel({
            env: { REEL__MEDIA__X264_PRESET: X264_PRESET, ...serverEnv },
            // ultrafast here only makes the source quickly; the server's preset is in `env`.
            clip: { seconds: CLIP_SECONDS, size: '1280x720', preset: 'ultrafast', timeoutMs: 120_000 },
          }),
          startPlayerServer(),
          launchBrowser(),
        ]);
        ({ server, token } = reel);
      },
      { timeout: 150_000 },
    );

    after(
      async () => {
        polling = false; // in case the test timed out before its own finally ran
        await browser?.close();
        await player?.close();
        await reel?.close();
      },
      { timeout: 30_000 },
    );

    test(
      'hls.js starts at the beginning while playable and plays into segments transcoded later',
      { timeout: 240_000 },
      async (t) => {
        const t0 = Date.now();
        const at = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
        const timeline = []; // status/progress changes seen by the poller, for the report

        let video = await reel.upload({
          title: 'e2e playable',
          description: `testsrc2 720p + 440 Hz tone, ${CLIP_SECONDS} s`,
          until: ['playable', 'ready'],
          intervalMs: 200,
          timeoutMs: 120_000,
        });
        timeline.push(`${at()} ${video.status} ${video.progress}%`);
        assert.equal(
          video.status,
          'playable',
          `the video went straight to ${video.status} without being seen playable: the clip is too short or the ` +
            `transcode too fast (REEL_E2E_PLAYABLE_SECONDS=${CLIP_SECONDS}, preset ${X264_PRESET})`,
        );
        const hlsUrl = video.playback?.hls;
        assert.ok(hlsUrl, `a playable video must have playback.hls: ${JSON.stringify(video)}`);

        const atPlayable = await readVariants(hlsUrl);
        const availAtPlayable = availableSeconds(atPlayable);
        t.diagnostic(
          `${at()} playable (progress ${video.progress}%): ${availAtPlayable.toFixed(1)} s available; ` +
            atPlayable.variants.map((v) => `${v.uri.split('/').at(-2)} ${v.segments} seg`).join(', '),
        );
        for (const v of atPlayable.variants) {
          if (v.ended) continue; // it finished between the status poll and this fetch
          assert.ok(v.event, `a growing media playlist must be #EXT-X-PLAYLIST-TYPE:EVENT: ${JSON.stringify(v)}`);
        }

        // Watch the status in the background, so the report says when the video became ready.
        polling = true;
        const pollUntil = Date.now() + 300_000; // never outlives the file's own timeout by much
        const poller = (async () => {
          let last = video.status;
          while (polling && Date.now() < pollUntil) {
            await sleep(250);
            try {
              const r = await fetch(`${server.base}/api/v1/videos/${video.id}`, {
                headers: { Authorization: `Bearer ${token}` },
                signal: AbortSignal.timeout(5_000),
              });
              const v = await r.json();
              if (v.status !== last) timeline.push(`${at()} ${v.status} ${v.progress}%`);
              last = v.status;
            } catch {
              // a slow poll is not a test failure; the assertions below use their own fetches
            }
          }
        })();

        const page = browser.page;
        const details = (state) =>
          `\n--- status timeline ---\n${timeline.join('\n')}` +
          `\n--- player state ---\n${JSON.stringify(state, null, 2)}` +
          `\n--- browser console ---\n${browser.consoleLines.join('\n')}`;

        try {
          // Phase 1: playback starts (currentTime moves) while the API still says playable.
          // No startPosition: the EVENT playlist's EXT-X-START must make hls.js begin at 0 by itself.
          await openPlayer(page, player.base, hlsUrl);
          // Started = a 'playing' event and currentTime moving on from there (a seek alone does not count).
          const started = await page
            .waitForFunction(
              () => {
                const p = window.__player;
                const v = document.getElementById('video');
                return Boolean(p && (p.fatal || (p.firstPlaying !== null && v.currentTime > p.firstPlaying)));
              },
              null,
              { timeout: 30_000, polling: 100 },
            )
            .then(
              () => true,
              (err) => {
                if (err.name !== 'TimeoutError') throw err;
                return false;
              },
            );
          // Measured right after the start was seen: an upper bound on what existed when it started.
          const [statusRes, atStart, startState] = await Promise.all([
            fetch(`${server.base}/api/v1/videos/${video.id}`, {
              headers: { Authorization: `Bearer ${token}` },
              signal: AbortSignal.timeout(10_000),
            }).then((r) => r.json()),
            readVariants(hlsUrl),
            playerState(page),
          ]);
          const availAtStart = availableSeconds(atStart);
          t.diagnostic(
            `${at()} playback started at t=${startState.firstPlaying} (duration ${startState.duration}); API says ` +
              `${statusRes.status} ${statusRes.progress}%; ${availAtStart.toFixed(1)} s available`,
          );
          assert.equal(startState.fatal, null, `hls.js reported a fatal error before playback started${details(startState)}`);
          assert.ok(started, `playback did not start within 30 s${details(startState)}`);
          assert.equal(
            statusRes.status,
            'playable',
            `the video was already ${statusRes.status} when playback started: the clip is too short or the ` +
              `transcode too fast${details(startState)}`,
          );
          assert.ok(
            atStart.variants.every((v) => !v.ended),
            `a media playlist already had #EXT-X-ENDLIST when playback started${details(startState)}`,
          );
          // hls.js must not have jumped to the live edge of the EVENT playlist.
          const startedAt = startState.firstPlaying;
          assert.ok(startedAt < 1, `playback started at ${startedAt} s, not at the beginning${details(startState)}`);

          // Phase 2: it keeps playing past what existed at the start, i.e. into segments
          // that hls.js only learnt of from a playlist reload.
          const target = availAtStart + 1;
          const budgetMs = Math.round((target * 1.5 + 30) * 1000);
          const reached = await waitForPlayback(page, { minSeconds: target, timeoutMs: budgetMs });
          const state = await playerState(page);
          t.diagnostic(
            `${at()} currentTime ${state.currentTime.toFixed(2)} s (target > ${target.toFixed(1)} s); ` +
              `waiting events: ${state.events.filter((e) => / waiting /.test(e)).length}; ` +
              `playlists seen: ${state.playlists.map((p) => `${p.level}:${p.type}/${p.live ? 'live' : 'vod'}/${p.frags}`).join(' ')}`,
          );
          assert.equal(state.fatal, null, `hls.js reported a fatal error${details(state)}`);
          assert.ok(reached, `currentTime did not pass ${target.toFixed(1)} s within ${budgetMs} ms${details(state)}`);
          assert.ok(state.currentTime > target, `currentTime ${state.currentTime} <= ${target}${details(state)}`);
          assert.deepEqual(state.errors.filter((e) => e.fatal), [], `fatal hls.js errors${details(state)}`);
          assert.deepEqual(state.cspViolations, [], `CSP violations on the player page${details(state)}`);
          assert.equal(state.playError, null, `video.play() was rejected${details(state)}`);
          assert.ok(state.videoWidth > 0, `videoWidth is ${state.videoWidth}: no decoded frames${details(state)}`);
          // hls.js must have seen the playlist grow (a live/EVENT playlist with more segments than at the start).
          assert.ok(
            state.playlists.some((p) => p.live),
            `hls.js never loaded a live (EVENT) media playlist${details(state)}`,
          );

          // Phase 3: when the transcode finishes the playlists turn VOD (#EXT-X-ENDLIST);
          // playback must carry on across that switch.
          const readyBy = Date.now() + 120_000;
          let final = statusRes;
          while (final.status !== 'ready' && Date.now() < readyBy) {
            assert.notEqual(final.status, 'failed', `processing failed: ${JSON.stringify(final)}`);
            await sleep(250);
            final = await fetch(`${server.base}/api/v1/videos/${video.id}`, {
              headers: { Authorization: `Bearer ${token}` },
              signal: AbortSignal.timeout(10_000),
            }).then((r) => r.json());
          }
          assert.equal(final.status, 'ready', `the video was not ready within 120 s: ${JSON.stringify(final)}`);
          // hls.js reloads a live playlist about once per target duration (4 s): wait until it has seen the VOD one.
          const sawVod = await page
            .waitForFunction(() => window.__player.fatal || window.__player.playlists.some((p) => !p.live), null, {
              timeout: 20_000,
              polling: 100,
            })
            .then(
              () => true,
              (err) => {
                if (err.name !== 'TimeoutError') throw err;
                return false;
              },
            );
          const atReady = await playerState(page);
          assert.equal(atReady.fatal, null, `hls.js reported a fatal error once the video was ready${details(atReady)}`);
          assert.ok(sawVod, `hls.js did not reload the (now VOD) media playlist within 20 s of ready${details(atReady)}`);
          const onward = atReady.currentTime + 2;
          const carriedOn = await waitForPlayback(page, { minSeconds: onward, timeoutMs: 30_000 });
          const end = await playerState(page);
          t.diagnostic(
            `${at()} VOD playlist loaded at currentTime ${atReady.currentTime.toFixed(2)} s (duration ${end.duration}); then ${end.currentTime.toFixed(2)} s; ` +
              `playlists seen: ${end.playlists.map((p) => `${p.level}:${p.type}/${p.live ? 'live' : 'vod'}/${p.frags}`).join(' ')}`,
          );
          if (process.env.REEL_E2E_VERBOSE) for (const e of end.events) t.diagnostic(`player: ${e}`);
          assert.equal(end.fatal, null, `hls.js reported a fatal error after the video became ready${details(end)}`);
          assert.ok(carriedOn, `playback stopped at ${end.currentTime} s after the video became ready${details(end)}`);
        } finally {
          polling = false;
          await poller;
          t.diagnostic(`status timeline: ${timeline.join(' | ')}`);
        }
      },
    );
  });
}
