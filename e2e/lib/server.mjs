// Reusable end-to-end helpers: temp dirs, test clips, the Reel server process, API tokens, uploads, a static page server and Chromium.

import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const execFileAsync = promisify(execFile);

/** Absolute path of the e2e directory (the parent of lib/). */
export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Reel binary: $REEL_BIN, or the debug build next to the e2e dir. */
export const REEL_BIN = process.env.REEL_BIN
  ? resolve(process.env.REEL_BIN)
  : resolve(E2E_DIR, '../target/debug/reel');

/** The browser: $CHROMIUM_BIN, or Debian's chromium. */
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** Set REEL_E2E_VERBOSE=1 to echo server output while tests run. */
const VERBOSE = Boolean(process.env.REEL_E2E_VERBOSE);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits for `promise`, but at most `ms`; the timer never keeps the process alive.
const atMost = (promise, ms) =>
  Promise.race([promise, new Promise((r) => setTimeout(r, ms).unref())]);

// Strips ANSI colour codes so log parsing doesn't depend on the log format.
// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Creates a fresh temporary directory; remove it with removeDir(). */
export async function makeTempDir(prefix = 'reel-e2e-') {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Removes a directory tree, ignoring errors (used in cleanup hooks). */
export async function removeDir(dir) {
  if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
}

/**
 * Generates a short H.264/AAC test clip (colour bars + 440 Hz tone) with
 * ffmpeg's lavfi sources and returns its path. `preset` picks a libx264
 * preset (e.g. 'ultrafast' for long clips); by default ffmpeg's own is used.
 */
export async function makeClip(
  dir,
  { name = 'clip.mp4', seconds = 8, size = '640x360', preset = null, timeoutMs = 60_000 } = {},
) {
  const out = join(dir, name);
  // prettier-ignore
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds),
    '-c:v', 'libx264', ...(preset ? ['-preset', preset] : []), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac',
    '-shortest', out,
  ];
  await execFileAsync('ffmpeg', args, { timeout: timeoutMs, killSignal: 'SIGKILL' });
  return out;
}

/** Environment for a Reel process using `dataDir`, with OS-assigned ports. */
export function reelEnv(dataDir, extra = {}) {
  return {
    ...process.env,
    REEL__DATA_DIR: dataDir,
    REEL__SERVER__LISTEN: '127.0.0.1:0',
    REEL__TELEMETRY__METRICS_LISTEN: '127.0.0.1:0',
    ...extra,
  };
}

/** The admin account that tokens made by `createToken` act for. */
export const ADMIN_EMAIL = 'e2e-admin@example.org';

/**
 * Runs the `reel` CLI on `dataDir` (e.g. `['user', 'list']`) and resolves to its stdout; throws
 * with both outputs when it fails.
 */
export async function runReel(dataDir, args, { env = {}, timeoutMs = 30_000 } = {}) {
  try {
    const { stdout } = await execFileAsync(REEL_BIN, args, { env: reelEnv(dataDir, env), timeout: timeoutMs, killSignal: 'SIGKILL' });
    return stdout;
  } catch (err) {
    throw new Error(`reel ${args.join(' ')} failed: ${err.message}\nstdout: ${err.stdout}\nstderr: ${err.stderr}`);
  }
}

/**
 * Creates an account with `reel user create --email <email> --role <role>` and resolves to
 * `{ id, email, role, channel }` (the channel handle from `reel user list`, for `/c/{channel}`).
 */
export async function createUser(dataDir, { email, role = 'viewer', env = {}, timeoutMs = 30_000 } = {}) {
  const id = (await runReel(dataDir, ['user', 'create', '--email', email, '--role', role], { env, timeoutMs })).trim();
  // `reel user list`: id, role, address, channel, display name; tab-separated.
  const listed = await runReel(dataDir, ['user', 'list'], { env, timeoutMs });
  const row = listed.split('\n').map((line) => line.split('\t')).find((cols) => cols[0] === id);
  if (!row || !row[3]) throw new Error(`reel user list does not show ${email} (${id}):\n${listed}`);
  return { id, email, role, channel: row[3] };
}

/**
 * Runs `reel token create --name <name>` and returns the token, which the CLI prints alone on
 * stdout. By default the token acts for the admin account (created first if `dataDir` has none)
 * with `read,upload,admin`; with `user` (an email) it acts for that existing account, with
 * `scopes`.
 */
export async function createToken(dataDir, { name = 'e2e', user = null, scopes = null, env = {}, timeoutMs = 30_000 } = {}) {
  if (!user) {
    const users = await runReel(dataDir, ['user', 'list'], { env, timeoutMs });
    if (!users.includes(ADMIN_EMAIL)) {
      await runReel(dataDir, ['user', 'create', '--email', ADMIN_EMAIL, '--role', 'admin'], { env, timeoutMs });
    }
  }
  const args = ['token', 'create', '--name', name, '--scopes', scopes ?? (user ? 'read,upload' : 'read,upload,admin')];
  if (user) args.push('--user', user);
  const stdout = await runReel(dataDir, args, { env, timeoutMs });
  const token = stdout.trim();
  if (!token || /\s/.test(token)) {
    throw new Error(`reel token create: expected a single token on stdout, got ${JSON.stringify(stdout)}`);
  }
  return token;
}

/**
 * Reads the sign-in code the console notifier wrote for `address` (an email) to
 * `{dataDir}/outbox/<ms>-email-<address>.txt`, from a message written at `since` (ms) or
 * later; polls until `timeoutMs`. Resolves to the six digits.
 */
export async function readLoginCode(dataDir, address, { since = 0, timeoutMs = 10_000 } = {}) {
  const dir = join(dataDir, 'outbox');
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `-N` is added when two messages to one address share a millisecond.
  const name = new RegExp(`^(\\d+)-email-${escaped}(?:-\\d+)?\\.txt$`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = await readdir(dir).catch(() => []);
    // The server's clock and ours are the same; a second of slack covers rounding.
    const fresh = names
      .map((n) => ({ n, at: Number(name.exec(n)?.[1]) }))
      .filter(({ at }) => at >= since - 1000)
      .sort((a, b) => b.at - a.at);
    if (fresh.length) {
      const text = await readFile(join(dir, fresh[0].n), 'utf8');
      const code = /code is (\d{6})/.exec(text)?.[1];
      if (!code) throw new Error(`no "code is NNNNNN" in ${fresh[0].n}:\n${text}`);
      return code;
    }
    if (Date.now() > deadline) throw new Error(`no sign-in code for ${address} in ${dir} within ${timeoutMs} ms (files: ${names.join(', ')})`);
    await sleep(100);
  }
}

/**
 * Signs `address` in through the sign-in page in `page` of the server at `base`, with the
 * code the console notifier wrote to `dataDir`'s outbox; resolves once the home page is back.
 */
export async function signInThroughPage(page, { base, dataDir, address }) {
  await page.goto(`${base}/login`, { waitUntil: 'load' });
  await page.fill('#address', address);
  const since = Date.now();
  await page.click('form[action="/login"] button[type="submit"]');
  await page.waitForSelector('#code');
  await page.fill('#code', await readLoginCode(dataDir, address, { since }));
  await Promise.all([page.waitForURL(`${base}/`), page.click('form[action="/login/verify"] button[type="submit"]')]);
}

// Every server child still running, killed outright if the test process exits
// without its after hooks having run (e.g. a crash or a runner timeout).
const liveChildren = new Set();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/**
 * Starts `reel serve` on `dataDir` and waits for its "listening on" log line.
 * Resolves to { base, child, logs(), stop() }: `base` is e.g.
 * "http://127.0.0.1:41234"; `logs()` returns everything the server printed;
 * `stop()` sends SIGTERM, then SIGKILL after `killAfterMs`, and is idempotent.
 */
export async function startServer(dataDir, { env = {}, timeoutMs = 30_000, killAfterMs = 5_000 } = {}) {
  const child = spawn(REEL_BIN, ['serve'], {
    env: reelEnv(dataDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);

  let output = '';
  const exited = new Promise((res) => {
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      res({ code, signal });
    });
  });

  const base = await new Promise((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`reel serve printed no "listening on" line within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      const text = stripAnsi(chunk.toString());
      output += text;
      if (VERBOSE) process.stderr.write(`[reel] ${text}`);
      // The API listener's line; skip the metrics listener's if it logs one too.
      for (const line of output.split('\n')) {
        const m = line.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
        if (m && !/metric/i.test(line)) {
          clearTimeout(timer);
          res(m[1]);
          return;
        }
      }
    };
    // The contract says stderr; watching stdout too costs nothing and drains the pipe.
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      rej(new Error(`cannot run ${REEL_BIN}: ${err.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`reel serve exited early (code ${code}, signal ${signal}):\n${output}`));
    });
  }).catch(async (err) => {
    await stopChild(child, exited, killAfterMs);
    throw err;
  });

  return {
    base,
    child,
    logs: () => output,
    stop: () => stopChild(child, exited, killAfterMs),
  };
}

/** SIGTERM, then SIGKILL if the child is still alive after `killAfterMs`. */
async function stopChild(child, exited, killAfterMs) {
  if (child.pid === undefined) {
    // Never spawned (e.g. ENOENT): there is no process and no 'exit' event.
    liveChildren.delete(child);
    return { code: null, signal: null };
  }
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** fetch() with a bearer token and a per-request timeout. */
function apiFetch(url, token, init = {}, timeoutMs = 30_000) {
  return fetch(url, {
    ...init,
    headers: { ...init.headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** Reads a response body as JSON, or throws with the raw text. */
async function jsonBody(res, what) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what}: HTTP ${res.status}, body is not JSON: ${text.slice(0, 500)}`);
  }
}

/**
 * Uploads `filePath` through the API (multipart: title, description, visibility when given, file)
 * and polls GET /api/v1/videos/{id} every `intervalMs` until its status is one
 * of `until`. Resolves to the final video JSON; throws with the JSON if the
 * status becomes `failed`, or with the last JSON after `timeoutMs`.
 */
export async function uploadAndWait(
  base,
  token,
  filePath,
  {
    title = 'e2e clip',
    description = 'uploaded by the e2e suite',
    visibility = null,
    until = ['ready'],
    intervalMs = 500,
    timeoutMs = 120_000,
  } = {},
) {
  const form = new FormData();
  form.set('title', title);
  form.set('description', description);
  if (visibility) form.set('visibility', visibility);
  const blob = new Blob([await readFile(filePath)], { type: 'video/mp4' });
  form.set('file', blob, filePath.split('/').pop());

  const res = await apiFetch(`${base}/api/v1/videos`, token, { method: 'POST', body: form }, 60_000);
  const created = await jsonBody(res, 'upload');
  if (res.status !== 201 || typeof created.id !== 'string') {
    throw new Error(`upload: expected 201 with an id, got HTTP ${res.status}: ${JSON.stringify(created)}`);
  }

  const deadline = Date.now() + timeoutMs;
  let video = created;
  for (;;) {
    const r = await apiFetch(`${base}/api/v1/videos/${encodeURIComponent(created.id)}`, token);
    video = await jsonBody(r, 'video status');
    if (!r.ok) throw new Error(`video status: HTTP ${r.status}: ${JSON.stringify(video)}`);
    if (video.status === 'failed') throw new Error(`processing failed: ${JSON.stringify(video)}`);
    if (until.includes(video.status)) return video;
    if (Date.now() > deadline) {
      throw new Error(`video not ${until.join('|')} after ${timeoutMs} ms; last: ${JSON.stringify(video)}`);
    }
    await sleep(intervalMs);
  }
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.ts': 'video/mp2t',
};

/** The hls.js browser build shipped in node_modules. */
/**
 * Starts Reel for one test file: checks the binary, makes a temp dir, a clip (`makeClip`
 * options) and an API token (before the server, on the same data dir), then `reel serve` with
 * `env`. Cleans up after itself if a step fails. Returns
 * `{ workDir, server, token, clip, withLogs, upload, close }`.
 */
export async function startReel({ env = {}, clip = {} } = {}) {
  if (!existsSync(REEL_BIN)) throw new Error(`Reel binary not found at ${REEL_BIN}: run \`cargo build\` or set REEL_BIN`);
  const workDir = await makeTempDir();
  const dataDir = `${workDir}/data`;
  try {
    const [clipPath, token] = await Promise.all([makeClip(workDir, clip), createToken(dataDir, { name: 'e2e', env })]);
    const server = await startServer(dataDir, { env });
    /** Appends the tail of the server's output to an error, for diagnosis. */
    const withLogs = (err) => {
      err.message += `\n--- reel serve output (tail) ---\n${server.logs().slice(-4000)}`;
      return err;
    };
    return {
      workDir,
      server,
      token,
      clip: clipPath,
      withLogs,
      /** Uploads the clip and waits (`uploadAndWait` options), with the server's output on failure. */
      upload: (options) =>
        uploadAndWait(server.base, token, clipPath, options).catch((err) => {
          throw withLogs(err);
        }),
      /** Stops the server and removes the temp dir. */
      close: async () => {
        await server.stop();
        await removeDir(workDir);
      },
    };
  } catch (err) {
    await removeDir(workDir);
    throw err;
  }
}

export const HLS_JS_PATH = fileURLToPath(import.meta.resolve('hls.js/dist/hls.min.js'));

/** The dash.js browser build shipped in node_modules (its `require` export is the UMD one). */
export const DASH_JS_PATH = createRequire(import.meta.url).resolve('dashjs');

/** The directory holding the test player page (index.html + player.js). */
export const PLAYER_DIR = join(E2E_DIR, 'player');

/**
 * Starts a tiny static HTTP server on 127.0.0.1 with an OS-assigned port.
 * `routes` maps URL paths ("/", "/player.js") to absolute file paths.
 * Options: `cors` adds Access-Control-Allow-Origin: *; `headers` are added to
 * every response. Resolves to { base, close() }.
 */
export async function startStaticServer(routes, { cors = false, headers = {} } = {}) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = routes[path];
    const common = { ...headers, ...(cors ? { 'Access-Control-Allow-Origin': '*' } : {}) };
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { ...common, 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        ...common,
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { ...common, 'Content-Type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise((res, rej) => server.once('error', rej).listen(0, '127.0.0.1', res));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((res) => {
        server.closeAllConnections();
        server.close(() => res());
      }),
  };
}

/**
 * Serves the hls.js test player: "/" (index.html), "/player.js" and
 * "/hls.min.js"; and the dash.js one: "/dash.html", "/dash-player.js" and
 * "/dash.all.min.js". A strict CSP forbids inline script, so the pages work
 * under the same policy as Reel's own UI should. Open `${base}/?src=<hls url>`
 * or `${base}/dash.html?src=<manifest url>`.
 */
export async function startPlayerServer() {
  return startStaticServer(
    {
      '/': join(PLAYER_DIR, 'index.html'),
      '/index.html': join(PLAYER_DIR, 'index.html'),
      '/player.js': join(PLAYER_DIR, 'player.js'),
      '/record.js': join(PLAYER_DIR, 'record.js'),
      '/hls.min.js': HLS_JS_PATH,
      '/dash.html': join(PLAYER_DIR, 'dash.html'),
      '/dash-player.js': join(PLAYER_DIR, 'dash-player.js'),
      '/dash.all.min.js': DASH_JS_PATH,
    },
    {
      headers: {
        'Content-Security-Policy': [
          "default-src 'none'",
          "script-src 'self'",
          // hls.js runs its transmuxer in a worker created from a blob: URL.
          "worker-src 'self' blob:",
          'connect-src http://127.0.0.1:*',
          'media-src http://127.0.0.1:* blob:',
          "style-src 'self'",
        ].join('; '),
      },
    },
  );
}

/** Chromium flags for a headless, network-quiet, autoplay-friendly browser. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Launches headless Chromium with a fresh temporary profile. Resolves to
 * { context, page, consoleLines, close() }: `consoleLines` collects the
 * page's console output and uncaught errors (handy in failure messages);
 * `close()` closes the browser and deletes the profile.
 */
export async function launchBrowser({ timeoutMs = 30_000 } = {}) {
  const profileDir = await makeTempDir('reel-e2e-profile-');
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_BIN,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: timeoutMs,
    });
  } catch (err) {
    await removeDir(profileDir);
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines = [];
  page.on('console', (msg) => consoleLines.push(`[${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => consoleLines.push(`[pageerror] ${err.message}`));
  let closed = false;
  return {
    context,
    page,
    consoleLines,
    close: async () => {
      if (closed) return;
      closed = true;
      await atMost(context.close().catch(() => {}), 10_000);
      await removeDir(profileDir);
    },
  };
}

/**
 * Navigates `page` to the test player (from startPlayerServer) on `hlsUrl`.
 * `startPosition` (seconds), when given, is passed to hls.js's config; 0
 * starts a growing EVENT playlist at its beginning rather than the live edge.
 * With `dash`, the URL is a DASH manifest and dash.js plays it.
 */
export async function openPlayer(page, playerBase, hlsUrl, { startPosition = null, timeoutMs = 30_000, dash = false } = {}) {
  const query = new URLSearchParams({ src: hlsUrl });
  if (startPosition !== null && startPosition !== undefined) query.set('startPosition', String(startPosition));
  await page.goto(`${playerBase}/${dash ? 'dash.html' : ''}?${query}`, { timeout: timeoutMs });
}

/**
 * A snapshot of the test player's state: { currentTime, duration, videoWidth,
 * videoHeight, paused, readyState, mediaError, fatal, errors, cspViolations,
 * playError, events, playlists, firstPlaying, buffered }.
 */
export async function playerState(page) {
  return page.evaluate(() => {
    const v = document.getElementById('video');
    const p = window.__player || {};
    const buffered = [];
    for (let i = 0; i < v.buffered.length; i++) buffered.push([v.buffered.start(i), v.buffered.end(i)]);
    return {
      currentTime: v.currentTime,
      duration: v.duration,
      videoWidth: v.videoWidth,
      videoHeight: v.videoHeight,
      paused: v.paused,
      readyState: v.readyState,
      mediaError: v.error ? `${v.error.code} ${v.error.message}` : null,
      fatal: p.fatal ?? null,
      errors: p.errors ?? [],
      cspViolations: p.cspViolations ?? [],
      playError: p.playError ?? null,
      events: p.events ?? [],
      playlists: p.playlists ?? [],
      firstPlaying: p.firstPlaying ?? null,
      bufferedStart: p.bufferedStart ?? null,
      buffered,
    };
  });
}

/**
 * Waits until the player's video has played past `minSeconds`, or hls.js
 * reports a fatal error, or `timeoutMs` passes. Resolves to true, or false on
 * timeout.
 */
export async function waitForPlayback(page, { minSeconds = 3, timeoutMs = 30_000 } = {}) {
  try {
    await page.waitForFunction(
      (min) => {
        const p = window.__player;
        const v = document.getElementById('video');
        return Boolean(p && (p.fatal || (v && v.currentTime > min)));
      },
      minSeconds,
      { timeout: timeoutMs, polling: 100 },
    );
    return true;
  } catch (err) {
    if (err.name !== 'TimeoutError') throw err;
    return false;
  }
}

/**
 * Opens the test player (from startPlayerServer) on `hlsUrl` in `page` and
 * waits until the video has played past `minSeconds`, or hls.js reports a
 * fatal error, or `timeoutMs` passes. Resolves to a snapshot of the page's
 * state (see playerState) plus `timedOut`. `startPosition` is passed to
 * hls.js (see openPlayer). The caller makes the assertions.
 */
export async function playHls(page, playerBase, hlsUrl, { minSeconds = 3, timeoutMs = 30_000, startPosition = null } = {}) {
  await openPlayer(page, playerBase, hlsUrl, { startPosition, timeoutMs });
  const reached = await waitForPlayback(page, { minSeconds, timeoutMs });
  return { ...(await playerState(page)), timedOut: !reached };
}
