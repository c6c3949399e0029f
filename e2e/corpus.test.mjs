// End-to-end: awkward sources of the project's corpus (`scripts/corpus`) play in a browser. A
// 1080i MPEG-TS whose only keyframe is its first frame goes through the quick start (its first
// second encoded apart, the rest decoded from the start of the stream), and a ten-minute 64x36
// clip is cut into chunks; hls.js plays each from its first moment across its joins without
// once waiting for data.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  E2E_DIR,
  createToken,
  launchBrowser,
  makeTempDir,
  openPlayer,
  playerState,
  removeDir,
  startPlayerServer,
  startServer,
  uploadAndWait,
  waitForPlayback,
} from './lib/server.mjs';

/** Made once by the corpus script and kept between runs, as the Rust suite's corpus is. */
const CORPUS_DIR = join(E2E_DIR, '..', 'target', 'corpus-e2e');

const SOURCES = [
  // The second part starts at 1 s: playing past 5 s crosses that join and a segment's.
  { file: 'i1080_tff_h264_aac.ts', env: {}, playPast: 5 },
  // Chunks of 8 s after the first second: playing past 10 s crosses the joins at 1 s and 9 s.
  { file: 'long_tiny_64x36_10min.mp4', env: { REEL__CHUNKING__MIN_DURATION_S: '120', REEL__CHUNKING__CHUNK_S: '8' }, playPast: 10 },
];

describe('awkward sources of the corpus', { timeout: 600_000 }, () => {
  let player;
  let browser;

  before(
    async () => {
      const names = SOURCES.map((s) => s.file).join(',');
      await promisify(execFile)(join(E2E_DIR, '..', 'scripts', 'corpus'), ['--only', names, CORPUS_DIR], { timeout: 180_000 });
      [player, browser] = await Promise.all([startPlayerServer(), launchBrowser()]);
    },
    { timeout: 200_000 },
  );

  after(
    async () => {
      await browser?.close();
      await player?.close();
    },
    { timeout: 30_000 },
  );

  for (const source of SOURCES) {
    test(`hls.js plays ${source.file} from its first moment across its joins`, { timeout: 300_000 }, async () => {
      const workDir = await makeTempDir();
      const dataDir = `${workDir}/data`;
      let server;
      try {
        const token = await createToken(dataDir, { name: 'e2e', env: source.env });
        server = await startServer(dataDir, { env: { REEL__MEDIA__X264_PRESET: 'ultrafast', ...source.env } });
        const video = await uploadAndWait(server.base, token, join(CORPUS_DIR, source.file), {
          title: source.file,
          until: ['ready'],
          intervalMs: 250,
          timeoutMs: 200_000,
        }).catch((err) => {
          err.message += `\n--- reel serve output (tail) ---\n${server.logs().slice(-4000)}`;
          throw err;
        });
        await openPlayer(browser.page, player.base, video.playback.hls, { dash: false });
        const reached = await waitForPlayback(browser.page, { minSeconds: source.playPast, timeoutMs: (source.playPast + 40) * 1000 });
        const state = await playerState(browser.page);
        const report = `\n${JSON.stringify(state, null, 2)}\n--- console ---\n${browser.consoleLines.join('\n')}`;
        assert.equal(state.fatal, null, `hls.js failed${report}`);
        assert.ok(reached, `hls.js did not play past ${source.playPast} s${report}`);
        assert.ok(state.firstPlaying !== null && state.firstPlaying < 0.5, `hls.js did not start at the beginning${report}`);
        const startedAt = state.events.findIndex((e) => e.includes('video playing'));
        const waits = state.events.slice(startedAt + 1).filter((e) => e.includes('video waiting'));
        assert.deepEqual(waits, [], `hls.js waited for data at a join${report}`);
      } finally {
        await server?.stop();
        await removeDir(workDir);
      }
    });
  }
});
