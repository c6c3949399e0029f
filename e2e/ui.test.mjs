// End-to-end: Reel's own pages in headless Chromium. Signing in with the code the console
// notifier writes to the outbox; uploading from the upload page, and resuming an upload after a
// reload; playing, switching quality and the keyboard shortcuts on the watch page; editing a
// video's catalogue fields; a tagged MP3's audio page with its cover and downloads; what a viewer
// sees of another creator's private video; the shell (top bar, account menu, theme, guide);
// the player's speed, picture-in-picture, theatre mode and shortcuts overlay; every page at
// desktop and phone widths with no console error, no CSP violation and no sideways scrolling
// (screenshots go to artifacts/screenshots/), and with nothing serious found by axe-core in
// either theme and in English, French and Arabic (right to left, mirrored), signed in or out,
// with screenshots of the dark and right-to-left pages; the language switch; and signing in,
// uploading and playing by keyboard alone.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  ADMIN_EMAIL,
  E2E_DIR,
  createToken,
  createUser,
  launchBrowser,
  makeClip,
  makeTempDir,
  readLoginCode,
  removeDir,
  signInThroughPage,
  startServer,
  uploadAndWait,
} from './lib/server.mjs';
import { axeViolations } from './lib/axe.mjs';

const execFileAsync = promisify(execFile);

// x264's fastest preset: these tests are about the pages, not the picture.
// A code may be asked for again after a second: the profile test asks for one soon after signing in.
// Webhooks may call a receiver on this machine, and retry after a second.
const ENV = {
  REEL__MEDIA__X264_PRESET: 'ultrafast',
  REEL__AUTH__OTP_RESEND_SECS: '1',
  REEL__WEBHOOKS__ALLOW_PRIVATE_ADDRESSES: 'true',
  REEL__WEBHOOKS__FIRST_RETRY_SECS: '1',
  REEL__WEBHOOKS__MAX_RETRY_SECS: '1',
};
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
const SCREENSHOTS = join(E2E_DIR, 'artifacts', 'screenshots');
const CREATOR_EMAIL = 'creator@example.org';
const VIEWER_EMAIL = 'viewer@example.org';
// In the titles of the creator's two videos, so that one search finds both (if it may).
const SEARCH_WORD = 'Harbour';

/**
 * A clip of several MB in a few seconds: noise defeats compression, so x264 spends all of
 * `kbps`. Big enough for the upload page to send it in more than one chunk.
 */
async function makeBulkyClip(dir, { name = 'bulky.mp4', seconds = 4, kbps = 24_000 } = {}) {
  const out = join(dir, name);
  // prettier-ignore
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds),
    '-vf', 'noise=alls=60:allf=t+u',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', `${kbps}k`, '-pix_fmt', 'yuv420p',
    '-c:a', 'aac',
    '-shortest', out,
  ];
  await execFileAsync('ffmpeg', args, { timeout: 60_000, killSignal: 'SIGKILL' });
  return out;
}

/** A tagged MP3 of Pastel Blues with a red cover picture: what a music upload looks like. */
async function makeTaggedTrack(dir, { name = 'track.mp3', track = '1' } = {}) {
  const cover = join(dir, `${name}.png`);
  await execFileAsync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0xcc2200:size=400x400', '-frames:v', '1', cover]);
  const out = join(dir, name);
  // prettier-ignore
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'sine=frequency=440:duration=6', '-i', cover,
    '-map', '0:a', '-map', '1:v', '-c:a', 'libmp3lame', '-b:a', '128k', '-c:v', 'mjpeg', '-disposition:v', 'attached_pic',
    '-id3v2_version', '3', '-metadata', 'artist=Nina Simone', '-metadata', 'album=Pastel Blues', '-metadata', 'genre=Jazz',
    '-metadata', `track=${track}`,
    out,
  ];
  await execFileAsync('ffmpeg', args, { timeout: 60_000, killSignal: 'SIGKILL' });
  return out;
}

/** An MKV with one picture and two audio languages (English, then French): two audio tracks. */
async function makeTwoLanguageClip(dir) {
  const out = join(dir, 'two-languages.mkv');
  // prettier-ignore
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=48000',
    '-t', '12', '-map', '0:v', '-map', '1:a', '-map', '2:a',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
    '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fre',
    out,
  ];
  await execFileAsync('ffmpeg', args, { timeout: 60_000, killSignal: 'SIGKILL' });
  return out;
}

/** `promise`, or a rejection saying `what` did not happen within `ms`. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A promise with its resolve function, for events the test waits for. */
function deferred() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

describe('Reel web UI in a real browser', { timeout: 1_800_000 }, () => {
  let workDir; // temp dir: clips and the server's data dir
  let dataDir; // REEL__DATA_DIR of the server and the CLI
  let server; // `reel serve`
  let base; // e.g. http://127.0.0.1:41234
  let adminToken; // API token of the admin, who signs in through the page
  let launching; // launchBrowser(), awaited by `after` too, so that a failed `before` leaks no browser
  let browser; // headless Chromium (launchBrowser)
  let page; // its one page
  let clips; // { watchable, bulky, small }: paths of the test clips
  let creator; // { id, email, channel } of the creator with the private video
  let shared; // the creator's members-only video (JSON): anyone signed in sees it
  let secret; // the creator's private video (JSON): only the creator sees it
  let uploaded; // { id } of the video uploaded from the upload page
  let track; // the creator's tagged MP3 (JSON): a music item, track 1 of Pastel Blues
  let track2; // track 2 of the same album
  let episode2; // the creator's second short members-only clip: the next episode of a series
  let playlistId; // the playlist built from the pages
  let seriesId; // the series made through the API
  let creatorToken; // API token of the creator (read, upload)
  let webhookId; // the endpoint the admin registers on the webhooks page

  // Console errors, uncaught exceptions and CSP violations, as "url: what", in order.
  const problems = [];
  /** The problems reported since `mark` (an earlier `problems.length`). */
  const problemsSince = (mark) => problems.slice(mark);

  before(
    async () => {
      workDir = await makeTempDir('reel-e2e-ui-');
      dataDir = join(workDir, 'data');
      // Clips and accounts at once; the CLI calls one after the other (the first creates the database).
      const accounts = async () => {
        adminToken = await createToken(dataDir, { name: 'e2e-ui', env: ENV });
        creator = await createUser(dataDir, { email: CREATOR_EMAIL, role: 'creator', env: ENV });
        await createUser(dataDir, { email: VIEWER_EMAIL, role: 'viewer', env: ENV });
        return createToken(dataDir, { name: 'creator', user: CREATOR_EMAIL, scopes: 'read,upload', env: ENV });
      };
      [clips, creatorToken] = await Promise.all([
        Promise.all([
          // 960x540 gets two renditions (540p, 360p): something to switch between.
          makeClip(workDir, { name: 'watchable.mp4', seconds: 20, size: '960x540', preset: 'ultrafast' }),
          makeBulkyClip(workDir),
          makeClip(workDir, { name: 'small.mp4', seconds: 3, size: '640x360', preset: 'ultrafast' }),
          makeTaggedTrack(workDir),
          makeTaggedTrack(workDir, { name: 'track2.mp3', track: '2' }),
        ]).then(([watchable, bulky, small, music, music2]) => ({ watchable, bulky, small, music, music2 })),
        accounts(),
      ]);

      server = await startServer(dataDir, { env: ENV });
      base = server.base;

      // The creator's videos go up through the API while the browser starts.
      const creatorUpload = (title, visibility) =>
        uploadAndWait(base, creatorToken, clips.small, { title, description: 'by the creator', visibility, timeoutMs: 90_000 }).catch((err) => {
          err.message += `\n--- reel serve output (tail) ---\n${server.logs().slice(-3000)}`;
          throw err;
        });
      launching = launchBrowser().then((launched) => (browser = launched));
      [shared, secret, track, track2, episode2] = await Promise.all([
        creatorUpload(`${SEARCH_WORD} walk for members`, 'members'),
        creatorUpload(`${SEARCH_WORD} secret, private`, 'private'),
        uploadAndWait(base, creatorToken, clips.music, { title: 'Pastel Blues', visibility: 'members', timeoutMs: 90_000 }),
        uploadAndWait(base, creatorToken, clips.music2, { title: 'Second track', visibility: 'members', timeoutMs: 90_000 }),
        creatorUpload('The walk back', 'members'),
        launching,
      ]);
      assert.equal(secret.visibility, 'private', `the private upload came out ${JSON.stringify(secret)}`);

      page = browser.page;
      page.setDefaultTimeout(15_000);
      // Reported from every document before its own scripts run; printed as a console error so
      // that it lands with the others.
      await browser.context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const what = event.blockedURI || 'inline code';
          console.error(`CSP violation: ${event.violatedDirective} refused ${what} (${event.sourceFile}:${event.lineNumber})`);
        });
      });
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        // For a failed load, the browser's message leaves out what failed; its location has it.
        const source = message.location()?.url;
        problems.push(`${page.url()}: ${message.text()}${source && source !== page.url() ? ` (${source})` : ''}`);
      });
      page.on('pageerror', (error) => problems.push(`${page.url()}: uncaught ${error.message}`));
    },
    { timeout: 150_000 },
  );

  // Runs even if `before` failed half-way: close whatever was opened.
  after(
    async () => {
      await launching?.catch(() => {});
      await browser?.close();
      await server?.stop();
      await removeDir(workDir);
    },
    { timeout: 30_000 },
  );

  /** What went wrong, for failure messages: the browser's console and the server's log. */
  const details = () =>
    `\n--- browser console (tail) ---\n${browser?.consoleLines.slice(-30).join('\n')}` +
    `\n--- reel serve output (tail) ---\n${server?.logs().slice(-3000)}`;

  /** The video `id` as the API shows it to the admin. */
  async function apiVideo(id) {
    const headers = { Authorization: `Bearer ${adminToken}` };
    const res = await fetch(`${base}/api/v1/videos/${id}`, { headers, signal: AbortSignal.timeout(10_000) });
    const video = await res.json();
    assert.equal(res.status, 200, `GET /api/v1/videos/${id}: ${JSON.stringify(video)}`);
    return video;
  }

  /** Polls the admin's `GET path` until `done(body)` holds (or 15 s pass); answers the body. */
  async function apiUntil(path, done) {
    const headers = { Authorization: `Bearer ${adminToken}` };
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await fetch(base + path, { headers, signal: AbortSignal.timeout(10_000) });
      const body = await res.json();
      assert.equal(res.status, 200, `GET ${path}: ${JSON.stringify(body)}`);
      if (done(body) || Date.now() > deadline) return body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Opens `path`, waits for `ready` (a selector) if given, and lets the network settle. */
  async function visit(path, { ready = null } = {}) {
    const response = await page.goto(base + path, { waitUntil: 'load' });
    if (ready) await page.waitForSelector(ready, { state: 'attached' });
    // The scripts ran before `load` (modules are deferred); what they fetched should be back.
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
    return response;
  }

  /** Signs in as `address` through the sign-in page, with the code from the outbox. */
  const signIn = (address) => signInThroughPage(page, { base, dataDir, address });

  /** Signs out through the account menu in the top bar. */
  async function signOut() {
    await page.click('.account-menu summary');
    await Promise.all([page.waitForSelector('.site-nav a[href="/login"]'), page.click('.account-menu form[action="/logout"] button')]);
  }

  /** Waits until the focus is on `selector`, as `autofocus` puts it there. */
  async function focused(selector) {
    await page.waitForFunction((s) => document.activeElement?.matches(s), selector, { timeout: 5_000 });
  }

  /**
   * Presses Tab until the focus is on `selector` (at most `limit` presses): it is reachable by
   * keyboard. Checks that the focus shows there, or on `ring` (a hidden file input's label).
   */
  async function tabTo(selector, { ring = null, limit = 80 } = {}) {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      const found = await page.evaluate(
        ([selector, ring]) => {
          const focused = document.activeElement;
          if (!focused?.matches(selector)) return null;
          const shown = ring ? document.querySelector(ring) : focused;
          const style = getComputedStyle(shown);
          return { ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none' };
        },
        [selector, ring],
      );
      if (found) {
        assert.ok(found.ring, `${selector} has the focus but shows no focus ring`);
        return;
      }
    }
    assert.fail(`Tab never reached ${selector} in ${limit} presses`);
  }

  /** The watch page's video element, as numbers and flags. */
  const videoState = () =>
    page.evaluate(() => {
      const { video } = window.reelPlayer;
      return {
        currentTime: video.currentTime,
        paused: video.paused,
        muted: video.muted,
        videoHeight: video.videoHeight,
        error: video.error ? `${video.error.code} ${video.error.message}` : null,
        levels: document.getElementById('player').dataset.levels ?? null,
        currentHeight: document.getElementById('player').dataset.currentHeight ?? null,
      };
    });

  /** Waits until the watch page's video has played past `seconds`. */
  async function playedPast(seconds, timeout = 20_000) {
    try {
      await page.waitForFunction((s) => window.reelPlayer.video.currentTime > s, seconds, { timeout, polling: 100 });
    } catch (err) {
      err.message += `\nvideo: ${JSON.stringify(await videoState().catch(() => null))}${details()}`;
      throw err;
    }
  }

  /**
   * Waits until `predicate(arg)` holds in the watch page (it reads `window.reelPlayer.video`).
   * It must be a function: a string would be `eval`ed, which the page's CSP forbids.
   */
  const videoBecomes = (what, predicate, arg = null, timeout = 10_000) =>
    page.waitForFunction(predicate, arg, { timeout, polling: 50 }).catch(async (err) => {
      err.message = `${what}: ${err.message}\nvideo: ${JSON.stringify(await videoState().catch(() => null))}`;
      throw err;
    });

  /**
   * Whether the page is wider than `limit` px (one of rounding allowed), and what sticks out:
   * null, or a line for the failure message.
   */
  const sidewaysOverflow = (limit) =>
    page.evaluate((limit) => {
      const root = document.documentElement;
      if (root.scrollWidth <= limit + 1) return null;
      const label = (e) => {
        const classes = typeof e.className === 'string' ? e.className.trim().split(/\s+/).filter(Boolean) : [];
        const name = [e.tagName.toLowerCase() + (e.id ? `#${e.id}` : ''), ...classes].join('.');
        return `${name} (right ${Math.round(e.getBoundingClientRect().right)})`;
      };
      const outside = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > limit + 1);
      return `scrollWidth ${root.scrollWidth} > ${limit}: ${outside.slice(-5).map(label).join(', ')}`;
    }, limit);

  /** Opens the watch page of `id` and waits for its player to know the renditions. */
  const openWatch = (id) => visit(`/watch/${id}`, { ready: '#player[data-levels]' });

  test('signs in with the code the console notifier wrote to the outbox', { timeout: 30_000 }, async () => {
    const mark = problems.length;
    await signIn(ADMIN_EMAIL);
    // The header now belongs to a signed-in admin.
    assert.equal(await page.locator('.site-nav a[href="/account"]').count(), 1, 'no link to the account page after signing in');
    assert.equal(await page.locator('.site-nav form[action="/logout"] button').count(), 1, 'no Sign out button');
    assert.equal(await page.locator('.site-nav a[href="/admin"]').count(), 1, 'an admin sees no Admin link');
    assert.equal(await page.locator('.site-nav a[href="/login"]').count(), 0, 'still offered to sign in');
    assert.deepEqual(problemsSince(mark), []);
  });

  test('the shell: one line of top bar at 1366 px, the account menu, a theme chosen and kept, the guide as icons and as a drawer', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    /** The top bar's height, and how far apart the tops of its visible parts are. */
    const topBar = () =>
      page.evaluate(() => {
        const header = document.querySelector('.site-header');
        const parts = [...header.children].filter((e) => e.getClientRects().length > 0).map((e) => e.getBoundingClientRect());
        const centres = parts.map((r) => r.top + r.height / 2);
        return { height: header.getBoundingClientRect().height, spread: Math.max(...centres) - Math.min(...centres) };
      });

    // The admin has the most in the top bar: still one line at a common laptop width.
    await page.setViewportSize({ width: 1366, height: 768 });
    await visit('/');
    const bar = await topBar();
    assert.ok(bar.spread < 8 && bar.height < 72, `the top bar wraps at 1366 px: ${JSON.stringify(bar)}`);
    assert.ok(await page.isVisible('.guide .guide-label >> text=Subscriptions'), 'no labelled guide at 1366 px');
    assert.equal(await page.getAttribute('.guide a[href="/"]', 'aria-current'), 'page');

    // The language switch in the account menu: the page comes back in French, then in Arabic,
    // right to left; the top bar still fits one line in both. Then back to English.
    for (const [language, dir, upload] of [['fr', 'ltr', 'Mettre en ligne'], ['ar', 'rtl', 'رفع']]) {
      await page.click('.account-menu summary');
      await Promise.all([page.waitForURL(`${base}/`), page.click(`.language-form button[value="${language}"]`)]);
      assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), [language, dir]);
      assert.equal(await page.getAttribute('.site-nav a[href="/upload"]', 'title'), upload);
      const translated = await topBar();
      assert.ok(translated.spread < 8 && translated.height < 72, `the ${language} top bar wraps at 1366 px: ${JSON.stringify(translated)}`);
    }
    await page.click('.account-menu summary');
    await Promise.all([page.waitForURL(`${base}/`), page.click('.language-form button[value="en"]')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');

    // The account menu: the account's pages, the theme, signing out; Escape closes it.
    await page.click('.account-menu summary');
    for (const href of ['/studio', '/analytics', '/account', '/admin', '/profiles']) {
      assert.ok(await page.isVisible(`.account-menu a[href="${href}"]`), `no ${href} in the account menu`);
    }
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('.account-menu .menu-panel'), false, 'Escape left the menu open');
    assert.equal(await page.evaluate(() => document.activeElement.matches('.account-menu summary')), true, 'the focus did not go back to the menu button');

    // A theme chosen in the menu holds against the system's and on the next page, until it goes back to the system's.
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.click('.account-menu summary');
    await Promise.all([page.waitForURL(`${base}/`), page.click('.theme-form button[value="dark"]')]);
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    const dark = await background();
    assert.notEqual(dark, light, 'the dark theme did not change the page');
    await visit('/browse');
    assert.equal(await background(), dark, 'the next page forgot the theme');
    await page.click('.account-menu summary');
    await Promise.all([page.waitForURL(`${base}/browse`), page.click('.theme-form button[value="system"]')]);
    assert.equal(await page.getAttribute('html', 'data-theme'), null);
    assert.equal(await background(), light, 'back to the system theme, the page is not light');
    await page.emulateMedia({ colorScheme: null });

    // Medium width: the guide is icons with short labels beside the page.
    await page.setViewportSize({ width: 900, height: 768 });
    const narrow = await page.evaluate(() => document.querySelector('.guide').getBoundingClientRect().width);
    assert.ok(narrow > 40 && narrow < 100, `the guide is ${narrow} px wide at 900 px`);

    // A phone: the guide is a drawer behind the menu button; Escape closes it.
    await page.setViewportSize(PHONE);
    await visit('/');
    assert.equal(await page.isVisible('#guide'), false, 'the guide takes room on a phone');
    assert.ok((await topBar()).height < 120, 'the top bar takes more than two lines on a phone');
    await page.click('.guide-toggle');
    assert.ok(await page.isVisible('#guide a[href="/history"]'), 'the drawer did not open');
    assert.equal(await page.getAttribute('.guide-toggle', 'aria-expanded'), 'true');
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('#guide'), false, 'Escape left the drawer open');
    // A button to the keyboard too: Space opens it.
    assert.equal(await page.getAttribute('.guide-toggle', 'role'), 'button');
    await page.focus('.guide-toggle');
    await page.keyboard.press(' ');
    assert.ok(await page.isVisible('#guide a[href="/history"]'), 'Space did not open the drawer');
    await page.keyboard.press('Escape');

    // Without scripts the button is a link to the guide, shown as a plain list.
    const noScripts = (route) => route.abort();
    await page.route('**/assets/site-*.js', noScripts);
    try {
      await visit('/');
      await page.click('.guide-toggle');
      await page.waitForURL(`${base}/#guide`);
      assert.ok(await page.isVisible('#guide a[href="/history"]'), 'without scripts the guide did not show');
    } finally {
      await page.unroute('**/assets/site-*.js', noScripts);
    }
    await page.setViewportSize(DESKTOP);
    // The aborted script is the one expected complaint.
    assert.deepEqual(problemsSince(mark).filter((p) => !p.includes('site-')), []);
  });

  test('uploads a clip from the upload page: the bar reaches 100 % and the video becomes ready', { timeout: 120_000 }, async () => {
    const mark = problems.length;
    // The title typed before the file is chosen travels in the upload's metadata: no edit follows.
    const edits = [];
    const countEdits = (request) => {
      if (request.method() === 'PATCH' && request.url().includes('/api/v1/videos/')) edits.push(request.url());
    };
    page.on('request', countEdits);
    await visit('/upload');
    await page.fill('#title', 'Uploaded from the page');
    await page.setInputFiles('#file', clips.watchable);
    try {
      await page.waitForSelector('#upload-form[data-state="ready"]', { state: 'attached', timeout: 100_000 });
    } catch (err) {
      const state = await page.$eval('#upload-form', (form) => `${form.dataset.state}: ${form.innerText}`).catch(() => '?');
      err.message += `\nupload form: ${state}${details()}`;
      throw err;
    } finally {
      page.off('request', countEdits);
    }
    assert.deepEqual(edits, [], 'the title the upload already carried was sent again');

    assert.equal(await page.$eval('#upload-progress', (bar) => bar.value), 100, 'the progress bar is not full');
    assert.equal(await page.textContent('#upload-percent'), '100 %');
    assert.equal(await page.getAttribute('#upload-status', 'data-status'), 'ready');
    assert.ok(await page.isVisible('#watch-link'), 'no Watch link once the video is ready');
    const href = await page.getAttribute('#watch-link', 'href');
    const id = /^\/watch\/([^/?#]+)$/.exec(href ?? '')?.[1];
    assert.ok(id, `the Watch link goes to ${href}`);
    uploaded = { id };

    // The server has it as typed on the page, ready in at least two renditions.
    const video = await apiVideo(id);
    assert.equal(video.title, 'Uploaded from the page');
    assert.equal(video.status, 'ready');
    const heights = video.renditions.filter((r) => r.height).map((r) => r.height);
    assert.ok(new Set(heights).size >= 2, `expected two video renditions or more, got ${JSON.stringify(video.renditions)}`);
    assert.deepEqual(problemsSince(mark), []);
  });

  test('plays the uploaded video on its watch page', { timeout: 60_000 }, async () => {
    assert.ok(uploaded, 'needs the video uploaded from the upload page');
    const mark = problems.length;
    await openWatch(uploaded.id);
    assert.equal(await page.textContent('.video-title'), 'Uploaded from the page');
    assert.equal((await videoState()).currentTime, 0);

    await page.click('.player-bigplay');
    await playedPast(1);
    // Still moving, not stuck on a first frame.
    const { currentTime } = await videoState();
    await playedPast(currentTime + 1);
    const state = await videoState();
    assert.equal(state.error, null);
    assert.equal(state.paused, false);
    assert.ok(state.videoHeight > 0, `no picture: ${JSON.stringify(state)}`);
    assert.equal(await page.locator('#player.has-error').count(), 0, `the player shows an error: ${await page.textContent('#player')}`);

    // Pausing sends the player's quality report: the item's figures now hold this session.
    await page.evaluate(() => window.reelPlayer.video.pause());
    const figures = await apiUntil(`/api/v1/analytics/videos/${uploaded.id}`, (f) => f.sessions >= 1);
    assert.equal(figures.sessions, 1, JSON.stringify(figures));
    assert.ok(figures.startup_ms_p50 > 0, `no startup time: ${JSON.stringify(figures)}`);
    assert.ok(figures.retention[0] > 0, `nothing in the retention curve: ${JSON.stringify(figures.retention)}`);
    // Played from the start without a seek: every percent up to where it stopped was played.
    const reached = figures.retention.findLastIndex((share) => share > 0);
    assert.ok(figures.retention.slice(0, reached + 1).every((share) => share === 1), `gaps in the curve: ${JSON.stringify(figures.retention)}`);
    assert.ok(figures.renditions.length >= 1 && figures.renditions[0].average_kbps > 0, JSON.stringify(figures.renditions));

    // The item's analytics page shows them: a startup time and a retention curve.
    await visit(`/analytics/videos/${uploaded.id}`);
    const startup = page.locator('.tile', { hasText: 'Startup p50' }).locator('.tile-value');
    assert.match(await startup.textContent(), /^\d+\.\d s$/);
    const retention = page.locator('section.chart', { has: page.locator('h2', { hasText: 'Retention' }) });
    assert.ok((await retention.locator('svg polyline, svg circle').count()) >= 1, 'no retention curve drawn');
    assert.deepEqual(problemsSince(mark), []);
  });

  test("edits a video's catalogue fields in my videos and sees them stored", { timeout: 30_000 }, async () => {
    const id = uploaded?.id ?? shared.id;
    const mark = problems.length;
    await visit(`/studio/${id}/edit`);
    await page.selectOption('#kind', 'film');
    await page.getByLabel('Drama', { exact: true }).check();
    await page.getByLabel('Crime', { exact: true }).check();
    await page.fill('#tags', 'Heist, night');
    await page.fill('#year', '1955');
    await page.fill('#language', 'fr');
    await page.selectOption('#content_rating', 'PG-13');
    await page.fill('#director', 'Jules Dassin');
    await Promise.all([page.waitForURL(/\/studio\?done=saved$/), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    const video = await apiVideo(id);
    assert.equal(video.kind, 'film');
    // In the order of the configured list, which the form's boxes follow.
    assert.deepEqual(video.genres, ['Crime', 'Drama']);
    assert.deepEqual(video.tags, ['heist', 'night']);
    assert.equal(video.year, 1955);
    assert.equal(video.language, 'fr');
    assert.equal(video.content_rating, 'PG-13');
    assert.deepEqual(video.credits.director, ['Jules Dassin']);
    // The form shows what is stored when it is opened again.
    await visit(`/studio/${id}/edit`);
    assert.equal(await page.inputValue('#tags'), 'heist, night');
    assert.ok(await page.getByLabel('Drama', { exact: true }).isChecked());
    assert.deepEqual(problemsSince(mark), []);
  });

  test('adds a caption file on the edit page, then picks and switches caption languages in the player', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    // English through the page's form (an SRT with CRLF), French through the API.
    await visit(`/studio/${shared.id}/edit`);
    const srt = '1\r\n00:00:00,000 --> 00:00:30,000\r\nHello from the harbour\r\n';
    await page.setInputFiles('#caption-file', { name: 'english.srt', mimeType: 'application/x-subrip', buffer: Buffer.from(srt) });
    await page.fill('#caption-language', 'en');
    await Promise.all([page.waitForURL(/done=caption-added/), page.getByRole('button', { name: 'Add caption track' }).click()]);
    assert.match(await page.textContent('#captions .caption-list'), /English/);
    const form = new FormData();
    form.append('file', new Blob(['WEBVTT\n\n00:00.000 --> 00:30.000\nBonjour du <i>port</i>\n']), 'fr.vtt');
    form.append('language', 'fr');
    const added = await fetch(`${base}/api/v1/videos/${shared.id}/captions`, { method: 'POST', headers: { Authorization: `Bearer ${creatorToken}` }, body: form });
    assert.equal(added.status, 201, await added.text());

    const captionsShow = (text) =>
      page.waitForFunction((t) => document.querySelector('.player-cues')?.textContent.includes(t), text, { timeout: 15_000, polling: 100 }).catch(async (err) => {
        const state = await page.evaluate(() => ({
          cues: document.querySelector('.player-cues')?.textContent,
          chosen: document.getElementById('player').dataset.captions,
          hlsTrack: window.reelPlayer.hls?.subtitleTrack,
          tracks: [...window.reelPlayer.video.textTracks].map((t) => `${t.kind}:${t.label}:${t.mode}:${t.cues?.length}`),
          time: window.reelPlayer.video.currentTime,
        }));
        err.message += `\nplayer: ${JSON.stringify(state)}${details()}`;
        err.stack = err.message;
        throw err;
      });
    await openWatch(shared.id);
    await page.click('.player-bigplay');
    await playedPast(0.3);
    await page.evaluate(() => window.reelPlayer.video.pause());
    assert.equal(await page.getAttribute('#player', 'data-captions'), 'off', 'captions start off for a viewer who did not ask for them');

    await page.click('.player-captions-button');
    await page.waitForSelector('#player-captions-menu', { state: 'visible' });
    const names = await page.$$eval('#player-captions-menu [role="menuitemradio"]', (items) => items.map((i) => i.textContent));
    assert.deepEqual(names, ['Off', 'English', 'Français']);
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    await captionsShow('Hello from the harbour');
    // Drawn by the player above its controls, not by the browser.
    const [cue, bar] = await Promise.all([page.locator('.player-cue').boundingBox(), page.locator('.player-bar').boundingBox()]);
    assert.ok(cue.y + cue.height <= bar.y, `the caption (${JSON.stringify(cue)}) overlaps the controls (${JSON.stringify(bar)})`);

    await page.click('.player-captions-button');
    await page.getByRole('menuitemradio', { name: 'Français' }).click();
    await captionsShow('Bonjour du port');
    assert.equal(await page.locator('.player-cue i').textContent(), 'port', 'cue markup is kept');
    assert.equal(await page.getAttribute('.player-captions-button', 'aria-label'), 'Captions: Français');

    // Remembered: the next visit starts in French; "Off" is remembered too.
    await openWatch(shared.id);
    await page.click('.player-bigplay');
    await captionsShow('Bonjour du port');
    await page.click('.player-captions-button');
    await page.getByRole('menuitemradio', { name: 'Off' }).click();
    await page.waitForFunction(() => document.querySelector('.player-cues').textContent === '');
    assert.equal(await page.evaluate(() => localStorage.getItem('reel.captions')), 'off');

    // With no choice remembered, the profile's preference (captions on, in French) decides.
    const preferences = (captions, language) =>
      fetch(`${base}/api/v1/account/preferences`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ language, autoplay_next: true, default_quality: 'auto', captions }),
      }).then((r) => assert.equal(r.status, 200));
    await preferences(true, 'fr');
    await page.evaluate(() => localStorage.removeItem('reel.captions'));
    await openWatch(shared.id);
    await page.click('.player-bigplay');
    await captionsShow('Bonjour du port');
    assert.equal(await page.getAttribute('#player', 'data-captions'), 'fr');
    await preferences(false, null);
    assert.deepEqual(problemsSince(mark), []);
  });

  test('renames an audio track on the edit page, then switches the audio language in the player', { timeout: 90_000 }, async () => {
    const mark = problems.length;
    const clip = await makeTwoLanguageClip(workDir);
    const item = await uploadAndWait(base, creatorToken, clip, { title: 'Two languages', visibility: 'members', timeoutMs: 90_000 });
    await visit(`/studio/${item.id}/edit`);
    assert.equal(await page.inputValue('#audio-label-1'), 'Français');
    // Each track's measured loudness, and what was done about it, is shown.
    assert.match(await page.textContent('#audio'), /measured -?\d+(\.\d)? LUFS, true peak -?\d+(\.\d)? dBTP; (raised|lowered) \d+(\.\d)? dB/);
    await page.fill('#audio-label-1', 'Français (VF)');
    await Promise.all([page.waitForURL(/done=audio-saved/), page.getByRole('button', { name: 'Save audio track Français' }).click()]);
    assert.equal(await page.inputValue('#audio-label-1'), 'Français (VF)');

    const hlsAudio = (language) =>
      page
        .waitForFunction(
          (lang) => {
            const hls = window.reelPlayer.hls;
            return hls && hls.audioTracks[hls.audioTrack]?.lang === lang && !window.reelPlayer.video.paused;
          },
          language,
          { timeout: 15_000, polling: 100 },
        )
        .catch((err) => {
          err.message += `\nplaying ${language}${details()}`;
          err.stack = err.message;
          throw err;
        });
    await page.evaluate(() => localStorage.removeItem('reel.audio'));
    await openWatch(item.id);
    await page.click('.player-bigplay');
    await playedPast(0.3);
    await hlsAudio('en');
    assert.equal(await page.getAttribute('#player', 'data-audio'), 'en');
    await page.click('.player-audio-button');
    await page.waitForSelector('#player-audio-menu', { state: 'visible' });
    const names = await page.$$eval('#player-audio-menu [role="menuitemradio"]', (items) => items.map((i) => i.textContent));
    assert.deepEqual(names, ['English', 'Français (VF)']);
    await page.getByRole('menuitemradio', { name: 'Français (VF)' }).click();
    await hlsAudio('fr');
    // Playback goes on in the other language: time passes after the switch.
    const at = await page.evaluate(() => window.reelPlayer.video.currentTime);
    await page.waitForFunction((t) => window.reelPlayer.video.currentTime > t + 0.5, at, { timeout: 15_000 });
    assert.equal(await page.getAttribute('.player-audio-button', 'aria-label'), 'Audio: Français (VF)');

    // Remembered: the next visit starts in French.
    await openWatch(item.id);
    await page.click('.player-bigplay');
    await hlsAudio('fr');
    assert.deepEqual(problemsSince(mark), []);
  });

  test('writes chapters on the edit page, and the player marks them on the seek bar and jumps to one from its menu', { timeout: 90_000 }, async () => {
    let mark = problems.length;
    const clip = await makeBulkyClip(workDir, { name: 'chapters.mp4', seconds: 12, kbps: 1_000 });
    const item = await uploadAndWait(base, creatorToken, clip, { title: 'Three parts', visibility: 'members', timeoutMs: 90_000 });
    await visit(`/studio/${item.id}/edit`);
    assert.equal(await page.inputValue('#chapter-lines'), '', 'a file without chapter marks has none');

    // A list that cannot be read comes back as typed, with the line that is wrong.
    const typo = '0:00 Opening\n0:61 Middle part\n';
    await page.fill('#chapter-lines', typo);
    await page.getByRole('button', { name: 'Save chapters' }).click();
    await page.waitForSelector('.form-error');
    assert.match(await page.textContent('.form-error'), /line 2: "0:61" is not a time/);
    assert.equal(await page.inputValue('#chapter-lines'), typo);
    mark = problems.length; // the refusal's 400 is the point

    await page.fill('#chapter-lines', '0:08 – Ending\n0:00 Opening\n0:04 Middle part');
    await Promise.all([page.waitForURL(/done=chapters-saved/), page.getByRole('button', { name: 'Save chapters' }).click()]);
    assert.equal(await page.inputValue('#chapter-lines'), '0:00 Opening\n0:04 Middle part\n0:08 Ending\n');

    await openWatch(item.id);
    // A notch where each chapter after the first begins, a third and two thirds along.
    await page.waitForFunction(() => [...document.querySelectorAll('.player-seek-chapter')].every((n) => n.style.left), null, { timeout: 10_000 });
    const notches = await page.$$eval('.player-seek-chapter', (all) => all.map((n) => Number.parseFloat(n.style.left)));
    assert.equal(notches.length, 2);
    assert.ok(Math.abs(notches[0] - 100 / 3) < 1.5 && Math.abs(notches[1] - 200 / 3) < 1.5, `notches at ${notches} %`);
    // Hovering near the end names the chapter there.
    const bar = await page.locator('.player-seek').boundingBox();
    await page.mouse.move(bar.x + bar.width * 0.9, bar.y + bar.height / 2);
    await page.waitForSelector('.player-preview:not([hidden])', { timeout: 5_000 });
    assert.equal(await page.textContent('.player-preview-chapter'), 'Ending');

    await page.click('.player-bigplay');
    await playedPast(0.3);
    assert.equal(await page.getAttribute('#player', 'data-chapter'), 'Opening');
    await page.getByRole('button', { name: 'Chapters' }).click();
    await page.waitForSelector('#player-chapters-menu', { state: 'visible' });
    const items = await page.$$eval('#player-chapters-menu [role="menuitemradio"]', (all) => all.map((i) => i.textContent));
    assert.deepEqual(items, ['0:00  Opening', '0:04  Middle part', '0:08  Ending']);
    await page.getByRole('menuitemradio', { name: /Middle part/ }).click();
    await playedPast(4.3);
    assert.equal(await page.getAttribute('#player', 'data-chapter'), 'Middle part');
    assert.equal(await page.textContent('.player-chapter'), 'Middle part');
    assert.match(await page.getAttribute('.player-seek', 'aria-valuetext'), /, Middle part$/);
    assert.deepEqual(problemsSince(mark), []);
  });

  test('plays a music item on its audio page, with its cover, artist, album and both downloads', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    await visit(`/watch/${track.id}`, { ready: '#player.player-audio' });
    assert.equal(track.kind, 'music');
    const poster = await page.getAttribute('#player video', 'poster');
    assert.ok(poster && poster.endsWith('/poster.jpg'), `the cover is the poster: ${poster}`);
    assert.equal(await page.textContent('.music-meta .artist'), 'Nina Simone');
    assert.equal(await page.textContent('.music-meta .album'), 'Pastel Blues');
    assert.equal(await page.getByRole('link', { name: 'Download MP3' }).count(), 1);
    assert.equal(await page.getByRole('link', { name: 'Download M4A' }).count(), 1);
    await page.click('.player-bigplay');
    await playedPast(1);
    assert.equal((await videoState()).error, null);
    assert.deepEqual(problemsSince(mark), []);
  });

  test('browses a genre row to the artist and the album, and "Play all" goes on to the next track', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    await visit('/');
    await Promise.all([page.waitForURL(/\/browse\?genre=Jazz$/), page.getByRole('link', { name: 'Jazz', exact: true }).first().click()]);
    assert.ok(await page.getByText('Pastel Blues', { exact: true }).count(), 'the genre lists the track');
    await visit(`/watch/${track.id}`, { ready: '#player.player-audio' });
    await Promise.all([page.waitForURL(/\/artist\/Nina%20Simone$/), page.click('.music-meta a.artist')]);
    assert.equal(await page.textContent('h1'), 'Nina Simone');
    await Promise.all([page.waitForURL(/\/album\/Pastel%20Blues$/), page.getByRole('link', { name: 'Pastel Blues', exact: true }).first().click()]);
    const titles = await page.locator('.track-list .track-title').allTextContents();
    assert.deepEqual(titles, ['Pastel Blues', 'Second track'], 'tracks in track order');
    await Promise.all([page.waitForURL(new RegExp(`/watch/${track.id}\\?list=album$`)), page.getByRole('link', { name: 'Play all' }).click()]);
    await page.waitForSelector('#player.player-audio');
    // It starts by itself where the browser lets it; a click otherwise.
    await page.waitForFunction(() => window.reelPlayer && !window.reelPlayer.video.paused, null, { timeout: 3_000 }).catch(() => page.click('.player-bigplay'));
    // At the end of track 1, track 2 opens, in the same album order.
    await page.waitForURL(new RegExp(`/watch/${track2.id}\\?list=album$`), { timeout: 30_000 });
    assert.deepEqual(problemsSince(mark), []);
  });

  /** Calls the API as the admin; the answer's JSON. */
  async function adminApi(method, path, body) {
    const headers = { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' };
    const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: body && JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    const data = await res.json().catch(() => null);
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
    return data;
  }

  const playlistTitles = () => page.locator('#items .card-title').allTextContents();

  test('builds a playlist from watch pages, reorders it with the buttons and by drag and drop, and plays it in order', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    await visit('/playlists');
    await page.fill('#new-title', 'Evening');
    await Promise.all([page.waitForURL(/\/playlists\/[0-9a-f-]{36}\?done=created$/), page.click('form[action="/playlists"] button[type="submit"]')]);
    playlistId = page.url().match(/playlists\/([0-9a-f-]{36})/)[1];
    for (const item of [shared, track, track2]) {
      await visit(`/watch/${item.id}`);
      await page.selectOption('#playlist-pick', playlistId);
      await Promise.all([page.waitForURL(new RegExp(`/playlists/${playlistId}\\?done=added$`)), page.click('.add-to-playlist button')]);
    }
    const walk = `${SEARCH_WORD} walk for members`;
    assert.deepEqual(await playlistTitles(), [walk, 'Pastel Blues', 'Second track'], 'in the order they were added');

    // Without scripts' help: the Down button posts a form.
    await Promise.all([page.waitForURL(new RegExp(`/playlists/${playlistId}#items$`)), page.getByRole('button', { name: `Down ${walk}` }).click()]);
    assert.deepEqual(await playlistTitles(), ['Pastel Blues', walk, 'Second track']);

    // Drag and drop: the last item to the top, saved through the API.
    const saved = page.waitForResponse((r) => r.url().includes(`/api/v1/playlists/${playlistId}/items/`) && r.request().method() === 'PATCH');
    await page.dragAndDrop(`#items li[data-video-id="${track2.id}"]`, `#items li[data-video-id="${track.id}"]`, { targetPosition: { x: 10, y: 2 } });
    assert.equal((await saved).status(), 200);
    await visit(`/playlists/${playlistId}`);
    assert.deepEqual(await playlistTitles(), ['Second track', 'Pastel Blues', walk], 'the dropped order is stored');
    const stored = await adminApi('GET', `/playlists/${playlistId}`);
    assert.deepEqual(stored.items.map((v) => v.id), [track2.id, track.id, shared.id]);

    // Play all: the first item, with the playlist beside the player, then the next.
    await Promise.all([page.waitForURL(new RegExp(`/watch/${track2.id}\\?list=${playlistId}$`)), page.getByRole('link', { name: 'Play all' }).click()]);
    assert.deepEqual(await page.locator('.queue .track-title').allTextContents(), ['Second track', 'Pastel Blues', walk]);
    await page.waitForFunction(() => window.reelPlayer && !window.reelPlayer.video.paused, null, { timeout: 3_000 }).catch(() => page.click('.player-bigplay'));
    await page.waitForURL(new RegExp(`/watch/${track.id}\\?list=${playlistId}$`), { timeout: 30_000 });
    assert.deepEqual(problemsSince(mark), []);
  });

  test('plays an episode from its series page and goes on to the next episode', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    const series = await adminApi('POST', '/series', { title: 'The Walks', description: 'Two short walks' });
    seriesId = series.id;
    // Added second first: the order is the numbers', not the adding's.
    await adminApi('POST', `/series/${seriesId}/episodes`, { video_id: episode2.id, season: 1, episode: 2 });
    await adminApi('POST', `/series/${seriesId}/episodes`, { video_id: shared.id, season: 1, episode: 1 });
    await visit(`/series/${seriesId}`);
    assert.equal(await page.textContent('.season-heading'), 'Season 1');
    assert.deepEqual(await page.locator('#items .card-title').allTextContents(), [`${SEARCH_WORD} walk for members`, 'The walk back']);
    await Promise.all([page.waitForURL(new RegExp(`/watch/${shared.id}\\?list=series$`)), page.getByRole('link', { name: 'Play', exact: true }).click()]);
    assert.match(await page.textContent('a[rel="next"]'), /Next episode: The walk back/);
    await page.waitForFunction(() => window.reelPlayer && !window.reelPlayer.video.paused, null, { timeout: 3_000 }).catch(() => page.click('.player-bigplay'));
    // Finishing episode 1 opens episode 2, which plays by itself.
    await page.waitForURL(new RegExp(`/watch/${episode2.id}\\?list=series$`), { timeout: 30_000 });
    await page.waitForSelector('.queue li.current');
    assert.equal(await page.textContent('.queue li.current .track-title'), 'The walk back');
    assert.equal(await page.locator('a[rel="next"]').count(), 0, 'the last episode has no next one');
    assert.deepEqual(problemsSince(mark), []);
  });

  test('switches to a fixed quality from the quality menu', { timeout: 60_000 }, async () => {
    assert.ok(uploaded, 'needs the video uploaded from the upload page');
    const mark = problems.length;
    await openWatch(uploaded.id);
    const heights = (await page.getAttribute('#player', 'data-levels')).split(',').map(Number);
    assert.ok(new Set(heights).size >= 2, `data-levels is ${heights}: nothing to switch between`);

    await page.click('.player-bigplay');
    await playedPast(0.5);
    // Set once the first rendition plays; Auto may still move between rungs.
    await page.waitForSelector('#player[data-current-height]', { state: 'attached' });
    const playing = Number(await page.getAttribute('#player', 'data-current-height'));

    await page.click('.player-quality-button');
    await page.waitForSelector('#player-quality-menu', { state: 'visible' });
    const items = await page.$$eval('#player-quality-menu [role="menuitemradio"]', (elements) =>
      elements.map((item) => {
        const level = Number(item.dataset.value);
        return { level, name: item.textContent, height: window.reelPlayer.hls.levels[level]?.height ?? null };
      }),
    );
    assert.equal(items[0].name, 'Auto');
    // A fixed rendition other than the one playing, so that the switch shows.
    const target = items.find((item) => item.level >= 0 && item.height && item.height !== playing);
    assert.ok(target, `no rendition other than ${playing}p in the menu: ${JSON.stringify(items)}`);
    await page.click(`#player-quality-menu [data-value="${target.level}"]`);

    await page.waitForSelector(`#player[data-current-height="${target.height}"]`, { state: 'attached', timeout: 20_000 }).catch(async (err) => {
      err.message += `\nvideo: ${JSON.stringify(await videoState())}${details()}`;
      throw err;
    });
    assert.equal(await page.getAttribute(`#player-quality-menu [data-value="${target.level}"]`, 'aria-checked'), 'true');
    assert.equal(await page.textContent('.player-quality-button'), `${target.height}p`);
    assert.equal(await page.isHidden('#player-quality-menu'), true, 'the menu stays open after a choice');
    // The picture itself changes size, and playback goes on.
    const pictureIs = (height) => window.reelPlayer.video.videoHeight === height;
    await videoBecomes(`the picture is not ${target.height} lines high`, pictureIs, target.height, 20_000);
    await playedPast((await videoState()).currentTime + 0.5);
    assert.deepEqual(problemsSince(mark), []);
  });

  test('plays, pauses and mutes from the keyboard', { timeout: 60_000 }, async () => {
    assert.ok(uploaded, 'needs the video uploaded from the upload page');
    const mark = problems.length;
    await openWatch(uploaded.id);
    // Nothing is focused: the shortcuts belong to the page.
    await page.evaluate(() => document.activeElement?.blur());

    await page.keyboard.press('k');
    await playedPast(0.5);
    await page.keyboard.press('k');
    await videoBecomes('`k` did not pause', () => window.reelPlayer.video.paused);
    const pausedAt = (await videoState()).currentTime;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await videoState()).currentTime, pausedAt, 'the video moved while paused');

    await page.keyboard.press('Space');
    await videoBecomes('space did not play', () => !window.reelPlayer.video.paused);
    await playedPast(pausedAt + 0.3);
    await page.keyboard.press('Space');
    await videoBecomes('space did not pause', () => window.reelPlayer.video.paused);

    const { muted } = await videoState();
    await page.keyboard.press('m');
    await videoBecomes('`m` did not toggle the sound', (expected) => window.reelPlayer.video.muted === expected, !muted);
    // The button follows the video's 'volumechange' event, a moment after the property.
    const label = muted ? 'Mute' : 'Unmute';
    await page
      .waitForFunction((expected) => document.querySelector('.player-mute')?.getAttribute('aria-label') === expected, label, { timeout: 5_000 })
      .catch(async () => assert.equal(await page.getAttribute('.player-mute', 'aria-label'), label, 'the mute button does not say what `m` did'));
    await page.keyboard.press('m');
    await videoBecomes('a second `m` did not toggle the sound back', (expected) => window.reelPlayer.video.muted === expected, muted);
    assert.deepEqual(problemsSince(mark), []);
  });

  test('changes speed (remembered), opens the shortcuts overlay, goes to theatre mode and picture-in-picture, all from the keyboard', { timeout: 60_000 }, async () => {
    assert.ok(uploaded, 'needs the video uploaded from the upload page');
    const mark = problems.length;
    await openWatch(uploaded.id);
    const rate = () => page.evaluate(() => window.reelPlayer.video.playbackRate);
    const announced = () => page.textContent('.player [role="status"][aria-live="polite"]');

    // The speed menu, by keyboard alone: Tab to its button, open it with the arrow, pick 1.5×.
    await page.focus('.player-speed-button');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('#player-speed-menu:not([hidden])');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown'); // from Normal: 1.25×, 1.5×
    await page.keyboard.press('Enter');
    assert.equal(await rate(), 1.5);
    assert.equal(await page.getAttribute('.player-speed-button', 'aria-label'), 'Playback speed: 1.5×');
    assert.equal(await announced(), 'Speed 1.5×');
    assert.equal(await page.evaluate(() => document.activeElement.matches('.player-speed-button')), true, 'the focus did not come back to the menu button');
    // `>` and `<` step it, never past 2× or under 0.25×.
    await page.evaluate(() => document.activeElement?.blur());
    for (let i = 0; i < 5; i++) await page.keyboard.press('>');
    assert.equal(await rate(), 2);
    for (let i = 0; i < 9; i++) await page.keyboard.press('<');
    assert.equal(await rate(), 0.25);
    await page.keyboard.press('>');
    // Remembered: the next page starts at the same speed.
    await openWatch(uploaded.id);
    assert.equal(await rate(), 0.5, 'the speed was not remembered');
    assert.equal(await page.textContent('.player-speed-button'), '0.5×');

    // `?` lists the shortcuts in a modal dialog that takes the focus; Escape closes it.
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('?');
    await page.waitForSelector('dialog.player-shortcuts[open]');
    assert.match(await page.textContent('dialog.player-shortcuts'), /Picture-in-picture.*Theatre mode.*Full screen/s);
    assert.equal(await page.evaluate(() => document.querySelector('dialog.player-shortcuts').contains(document.activeElement)), true);
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog.player-shortcuts:not([open])', { state: 'attached' });

    // `t`: theatre mode, the player as wide as the page, remembered; `t` again undoes it.
    const playerWidth = () => page.evaluate(() => document.getElementById('player').getBoundingClientRect().width);
    const normal = await playerWidth();
    await page.keyboard.press('t');
    assert.equal(await page.getAttribute('.player-theatre', 'aria-pressed'), 'true');
    assert.ok((await playerWidth()) > normal + 100, 'theatre mode did not widen the player');
    assert.equal(await announced(), 'Theatre mode on');
    await openWatch(uploaded.id);
    assert.equal(await page.evaluate(() => document.querySelector('.watch-layout').classList.contains('is-theatre')), true, 'theatre mode was not remembered');
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('t');
    assert.equal(await page.getAttribute('.player-theatre', 'aria-pressed'), 'false');

    // `i`: picture-in-picture once the picture is there, and back.
    await page.keyboard.press('k');
    await playedPast(0.3);
    if (await page.isVisible('.player-pip')) {
      await page.keyboard.press('i');
      await page.waitForFunction(() => document.pictureInPictureElement === window.reelPlayer.video, null, { timeout: 5_000 });
      assert.equal(await page.getAttribute('.player-pip', 'aria-pressed'), 'true');
      await page.keyboard.press('i');
      await page.waitForFunction(() => document.pictureInPictureElement === null, null, { timeout: 5_000 });
    } else {
      assert.fail('Chromium offers picture-in-picture, but the player shows no button for it');
    }
    await page.keyboard.press('k');
    // Remote playback: there is no device to play on here (and a Media Source stream cannot be
    // sent), so its button is there, named, and stays hidden.
    assert.equal(await page.locator('.player-remote').count(), 1);
    assert.ok(await page.getAttribute('.player-remote', 'aria-label'));
    assert.equal(await page.isVisible('.player-remote'), false, 'a remote playback button with nowhere to play');
    // Back to normal speed for the tests after this one.
    await page.evaluate(() => localStorage.removeItem('reel.speed'));
    assert.deepEqual(problemsSince(mark), []);
  });

  test('previews the storyboard on the seek bar, remembers the volume and resumes where the viewer stopped', { timeout: 90_000 }, async () => {
    assert.ok(uploaded, 'needs the video uploaded from the upload page');
    const mark = problems.length;
    await openWatch(uploaded.id);

    // Hovering the seek bar shows the storyboard tile for that time.
    const seek = await page.locator('.player-seek').boundingBox();
    await page.mouse.move(seek.x + seek.width * 0.6, seek.y + seek.height / 2);
    await page.waitForSelector('.player-preview:not([hidden])', { timeout: 5_000 });
    const background = await page.$eval('.player-preview-image', (e) => e.style.backgroundImage);
    assert.match(background, /storyboard\.jpg/, `no storyboard sprite behind the preview: ${background}`);

    // Play past the resume threshold at a chosen volume, then pause: the position is saved.
    await page.click('.player-bigplay');
    await page.evaluate(() => {
      window.reelPlayer.video.muted = false;
      window.reelPlayer.video.volume = 0.3;
    });
    await playedPast(6.5, 30_000);
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/videos/${uploaded.id}/progress`) && r.request().method() === 'PUT');
    await page.evaluate(() => window.reelPlayer.video.pause());
    assert.equal((await saved).status(), 204);
    const stoppedAt = (await videoState()).currentTime;

    // On the next visit: the same volume, and playback starts where it stopped.
    await openWatch(uploaded.id);
    const resumeAt = Number(await page.getAttribute('#player', 'data-resume-s'));
    assert.ok(Math.abs(resumeAt - stoppedAt) < 1, `resume position ${resumeAt}, stopped at ${stoppedAt}`);
    assert.equal(await page.evaluate(() => window.reelPlayer.video.volume), 0.3);
    await page.click('.player-bigplay');
    await playedPast(resumeAt + 0.3);
    assert.ok((await videoState()).currentTime >= resumeAt - 0.5, 'playback did not start at the resume position');
    assert.ok(await page.isVisible('.player-note'), 'no "Resumed at" note');
    assert.deepEqual(problemsSince(mark), []);
  });

  test('removes a watched video from the history page, and it no longer resumes', { timeout: 30_000 }, async () => {
    assert.ok(uploaded, 'needs the video uploaded from the upload page');
    const mark = problems.length;
    await visit('/history');
    const entry = page.locator('.history-list .card', { has: page.locator(`a[href="/watch/${uploaded.id}"]`) });
    assert.equal(await entry.count(), 1, 'the watched video is not in the history');
    await Promise.all([page.waitForURL(`${base}/history?done=removed`), entry.locator('button:has-text("Remove")').click()]);
    assert.equal(await page.locator(`.history-list a[href="/watch/${uploaded.id}"]`).count(), 0, 'the entry is still listed');
    await visit(`/watch/${uploaded.id}`);
    assert.equal(await page.getAttribute('#player', 'data-resume-s'), null, 'the watch page still resumes');
    assert.deepEqual(problemsSince(mark), []);
  });

  test('adds a kids profile, picks it and sees only what is rated for it, then leaves it with the mailed code', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    // One item rated for children; the rest are unrated, which a kids profile never sees.
    const rated = await fetch(`${base}/api/v1/videos/${track2.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${creatorToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ content_rating: 'G' }),
    });
    assert.equal(rated.status, 200, await rated.text());

    await visit('/profiles');
    await page.fill('form[action="/profiles/add"] input[name="name"]', 'Little one');
    await page.selectOption('form[action="/profiles/add"] select[name="avatar"]', 'amber');
    await page.check('form[action="/profiles/add"] input[name="kids"]');
    await Promise.all([page.waitForURL(`${base}/profiles?done=profile`), page.click('form[action="/profiles/add"] button[type="submit"]')]);
    const kid = page.locator('.profile-choice', { hasText: 'Little one' });
    await Promise.all([page.waitForURL(`${base}/`), kid.click()]);
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
    assert.match(await page.locator('.account-menu .account-name').innerText(), /Little one/);
    assert.equal(await page.locator('.site-nav a[href="/account"]').count(), 0, 'a kids profile is offered the account page');
    assert.ok((await page.locator(`a[href="/watch/${track2.id}"]`).count()) > 0, 'the rated item is not on the kids home page');
    assert.equal(await page.locator(`a[href="/watch/${shared.id}"]`).count(), 0, 'an unrated item is on the kids home page');
    // The browser reports the 404 page's load as a console error: expected, so set aside.
    const before404 = problems.length;
    assert.equal((await visit(`/watch/${shared.id}`)).status(), 404, 'a kids profile opens an unrated item');
    const after404 = problems.length;

    // Leaving for the grown-up profile asks for the code mailed to the account.
    await visit('/profiles');
    const since = Date.now();
    const grownUp = page.locator('.profile-choice').first();
    await Promise.all([page.waitForSelector('#code'), grownUp.click()]);
    const code = await readLoginCode(dataDir, ADMIN_EMAIL, { since });
    await page.fill('#code', code);
    await Promise.all([page.waitForURL(`${base}/`), page.click('form[action="/profiles/switch"] button[type="submit"]')]);
    assert.equal(await page.locator('.site-nav a[href="/account"]').count(), 1, 'not back on the grown-up profile');
    assert.ok((await page.locator(`a[href="/watch/${shared.id}"]`).count()) > 0, 'the grown-up profile misses an item');
    assert.deepEqual([...problems.slice(mark, before404), ...problemsSince(after404)], []);
  });

  test('the parental PIN, set on the profiles page, is what leaves the kids profile, and its page passes axe', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    await visit('/profiles');
    await page.fill('form[action="/profiles/parental-pin"] input[name="pin"]', '2580');
    await Promise.all([page.waitForURL(`${base}/profiles?done=parental-pin-set`), page.click('form[action="/profiles/parental-pin"] button[type="submit"]')]);
    const kid = page.locator('.profile-choice', { hasText: 'Little one' });
    await Promise.all([page.waitForURL(`${base}/`), kid.click()]);
    await visit('/profiles');
    // Leaving asks for the parental PIN now, not for a mailed code; a wrong one is said so.
    await Promise.all([page.waitForSelector('#pin'), page.locator('.profile-choice').first().click()]);
    assert.deepEqual(await axeViolations(page), []);
    await page.fill('#pin', '1111');
    await Promise.all([page.waitForSelector('#pin-error'), page.click('form[action="/profiles/switch"] button[type="submit"]')]);
    await page.fill('#pin', '2580');
    await Promise.all([page.waitForURL(`${base}/`), page.click('form[action="/profiles/switch"] button[type="submit"]')]);
    assert.equal(await page.locator('.site-nav a[href="/account"]').count(), 1, 'not back on the grown-up profile');
    await visit('/profiles');
    await Promise.all([
      page.waitForURL(`${base}/profiles?done=parental-pin-removed`),
      page.getByRole('button', { name: 'Remove the parental PIN' }).click(),
    ]);
    assert.deepEqual(problemsSince(mark), []);
  });

  test('uploads an avatar and a bio on the public profile page, and the channel page shows them', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    const picture = join(workDir, 'avatar.png');
    // prettier-ignore
    await execFileAsync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=400x300:rate=1', '-frames:v', '1', picture], { timeout: 30_000 });
    await visit('/account/profile');
    await page.fill('#bio', 'Admin of this Reel.');
    await Promise.all([page.waitForURL(`${base}/account/profile?done=saved`), page.click('form[action="/account/profile"] button[type="submit"]')]);
    await page.setInputFiles('#avatar', picture);
    await Promise.all([page.waitForURL(`${base}/account/profile?done=avatar`), page.click('form[action="/account/avatar"] button[type="submit"]')]);
    // The job makes the picture in the background: it shows up on a later load.
    const deadline = Date.now() + 30_000;
    while (!(await page.locator('img.avatar-image').count())) {
      assert.ok(Date.now() < deadline, `no avatar after 30 s${details()}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await visit('/account/profile');
    }
    const size = await page.locator('img.avatar-image').evaluate((img) => [img.complete, img.naturalWidth, img.naturalHeight]);
    assert.deepEqual(size, [true, 256, 256], 'the served avatar is the 256×256 picture Reel made');
    const channel = await (await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${adminToken}` } })).json();
    await visit(`/c/${channel.user.channel}`);
    assert.equal(await page.locator('.channel-header img.avatar-image').count(), 1, 'the channel shows no avatar');
    assert.match(await page.locator('.channel-bio').innerText(), /Admin of this Reel\./);
    assert.deepEqual(problemsSince(mark), []);
  });

  test('resumes an upload after a reload without sending any byte twice', { timeout: 120_000 }, async () => {
    const mark = problems.length;
    const size = (await stat(clips.bulky)).size;
    await visit('/upload');
    const chunk = Number(await page.getAttribute('#upload-form', 'data-chunk-bytes'));
    assert.ok(size > chunk, `the clip (${size} B) must be bigger than one chunk (${chunk} B): raise its bitrate`);
    assert.ok(await page.isHidden('#resume-hint'), 'a resume hint before anything was uploaded');

    // Every tus answer, with the offsets asked for and answered, and which page load sent it.
    let session = 1;
    const tus = [];
    const onResponse = (response) => {
      const request = response.request();
      if (!new URL(request.url()).pathname.startsWith('/api/v1/uploads')) return;
      const offset = (value) => (value === undefined ? null : Number(value));
      tus.push({
        session,
        method: request.method(),
        url: request.url(),
        status: response.status(),
        from: offset(request.headers()['upload-offset']),
        to: offset(response.headers()['upload-offset']),
      });
    };
    page.on('response', onResponse);

    // The first chunk goes through; the second is held back, as if the connection stalled,
    // until the page is reloaded under it. The route stays until that PATCH is dropped: taking
    // it away earlier would let the held request go on to the server.
    let patches = 0;
    const stalled = deferred();
    const release = deferred();
    const dropped = deferred();
    await page.route('**/api/v1/uploads/*', async (route) => {
      if (session !== 1 || route.request().method() !== 'PATCH' || ++patches === 1) return route.fallback();
      stalled.resolve();
      await release.promise;
      await route.abort().catch(() => {}); // the reload has most likely cancelled it already
      dropped.resolve();
    });
    try {
      // A title typed before the file is chosen goes with the upload; a description typed
      // while it goes up is saved to it. Both must outlive the reload.
      await page.fill('#title', 'Resumed after a reload');
      await page.setInputFiles('#file', clips.bulky);
      await within(stalled.promise, 30_000, 'a second PATCH');
      assert.equal(await page.getAttribute('#upload-form', 'data-state'), 'uploading');
      // Saved once its PATCH is answered (an earlier "Saved" may be the title's).
      const savedDescription = page.waitForResponse(
        (r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/videos/') && (r.request().postData() ?? '').includes('Typed while'),
      );
      await page.fill('#description', 'Typed while it went up');
      assert.equal((await savedDescription).status(), 202, 'an edit to an upload in progress is answered 202');
      await page.waitForFunction(() => document.getElementById('details-status').textContent === 'Saved');
      session = 2;
      await page.reload({ waitUntil: 'load' });
    } finally {
      release.resolve();
      if (patches > 1) await within(dropped.promise, 10_000, 'dropping the held PATCH').catch(() => {});
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    }

    await page.waitForSelector('#resume-hint', { state: 'visible' });
    const hint = await page.textContent('#resume-hint');
    assert.match(hint, /bulky\.mp4/, `the hint does not name the file: ${hint}`);
    assert.match(hint, /Choose the same file/, hint);

    await page.setInputFiles('#file', clips.bulky);
    // The form shows the details the upload already has, not the file's name as a title.
    await page
      .waitForFunction(() => document.getElementById('title').value === 'Resumed after a reload', null, { timeout: 10_000 })
      .catch(async (err) => {
        err.message += `\ntitle field: ${JSON.stringify(await page.inputValue('#title'))}`;
        throw err;
      });
    assert.equal(await page.inputValue('#description'), 'Typed while it went up');
    try {
      await page.waitForSelector('#upload-form[data-state="ready"]', { state: 'attached', timeout: 90_000 });
    } catch (err) {
      const state = await page.$eval('#upload-form', (form) => `${form.dataset.state}: ${form.innerText}`).catch(() => '?');
      err.message += `\nupload form: ${state}\ntus: ${JSON.stringify(tus, null, 1)}${details()}`;
      throw err;
    } finally {
      page.off('response', onResponse);
    }
    const log = `\ntus: ${JSON.stringify(tus, null, 1)}`;

    const first = tus.filter((r) => r.session === 1);
    const second = tus.filter((r) => r.session === 2);
    assert.equal(first.filter((r) => r.method === 'POST' && r.status === 201).length, 1, `the first load created no upload${log}`);
    assert.equal(second.filter((r) => r.method === 'POST').length, 0, `after the reload a new upload was created${log}`);
    const kept = Math.max(...first.filter((r) => r.method === 'PATCH' && r.status === 204).map((r) => r.to));
    assert.ok(kept > 0, `nothing was acknowledged before the reload${log}`);
    // After the reload the page asks where the upload stands, and carries on from there.
    assert.deepEqual(second.filter((r) => r.method === 'HEAD').map((r) => [r.status, r.to]), [[200, kept]], log);
    const patches2 = second.filter((r) => r.method === 'PATCH');
    assert.ok(patches2.length > 0, `no PATCH after the reload${log}`);
    assert.equal(patches2[0].from, kept, `the first PATCH after the reload does not start where the server stood${log}`);
    // Every PATCH starts where the last one ended; together they carry the file once.
    const acknowledged = tus.filter((r) => r.method === 'PATCH');
    assert.ok(acknowledged.every((r) => r.status === 204), `a PATCH failed${log}`);
    for (let i = 1; i < acknowledged.length; i++) assert.equal(acknowledged[i].from, acknowledged[i - 1].to, log);
    assert.equal(acknowledged.reduce((sum, r) => sum + (r.to - r.from), 0), size, `bytes sent != file size${log}`);
    assert.equal(acknowledged.at(-1).to, size, log);
    assert.equal(new Set(tus.filter((r) => r.method !== 'POST').map((r) => r.url)).size, 1, `more than one upload${log}`);

    // One video came of it, ready, with the details typed before the reload.
    const id = new URL(acknowledged[0].url).pathname.split('/').pop();
    assert.equal(await page.getAttribute('#watch-link', 'href'), `/watch/${id}`);
    const video = await apiVideo(id);
    assert.equal(video.status, 'ready', JSON.stringify(video));
    assert.equal(video.title, 'Resumed after a reload');
    assert.equal(video.description, 'Typed while it went up');
    assert.equal(await page.textContent('#upload-percent'), '100 %');
    assert.ok(await page.isHidden('#resume-hint'));
    assert.deepEqual(problemsSince(mark), []);
  });

  test('pauses and resumes an upload with its buttons, shows speed and time left, takes a dropped file, follows the dark theme', { timeout: 120_000 }, async () => {
    const mark = problems.length;
    // Each PATCH waits a moment on its way, so the upload is still running when Pause is pressed.
    const slow = async (route) => {
      if (route.request().method() === 'PATCH') await new Promise((r) => setTimeout(r, 1_500));
      await route.continue();
    };
    await page.route('**/api/v1/uploads/**', slow);
    try {
      await visit('/upload');
      await page.fill('#title', 'Paused and resumed');
      await page.setInputFiles('#file', clips.bulky);
      await page.waitForSelector('#upload-form[data-state="uploading"]', { state: 'attached', timeout: 10_000 });
      await page.waitForFunction(() => Number(document.getElementById('upload-progress').value) > 0, null, { timeout: 20_000 });
      assert.match(await page.textContent('#upload-speed'), /B\/s/, 'no upload speed shown');
      assert.match(await page.textContent('#upload-eta'), /left/, 'no time left shown');
      await page.click('#pause');
      await page.waitForSelector('#upload-form[data-state="paused"]', { state: 'attached', timeout: 10_000 });
      assert.ok(await page.isVisible('#resume'), 'no Resume button while paused');
      await page.click('#resume');
      await page.waitForSelector('#upload-form[data-state="ready"]', { state: 'attached', timeout: 100_000 });
      assert.equal(await page.$eval('#upload-progress', (bar) => bar.value), 100);
    } finally {
      await page.unroute('**/api/v1/uploads/**', slow);
    }

    // A file dropped on the page starts an upload, as the file picker does.
    await visit('/upload');
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(4096)], 'dropped.mp4', { type: 'video/mp4' }));
      document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.getElementById('upload-form').dataset.state !== 'idle', null, { timeout: 10_000 });
    assert.match(await page.textContent('#upload-name'), /dropped\.mp4/);

    // The theme follows the system setting.
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    await page.emulateMedia({ colorScheme: null });
    assert.notEqual(dark, light, `the same background in light and dark: ${light}`);
    assert.deepEqual(problemsSince(mark), []);
  });

  test('registers a webhook endpoint on its page, sends a test event, watches it retried to success and resends it', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    // A receiver on this machine: "not yet" with a 500 at first, then 204.
    const got = [];
    let answer = 500;
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        got.push({ id: request.headers['webhook-id'], signature: request.headers['webhook-signature'], body });
        response.writeHead(answer);
        response.end(answer === 500 ? 'not yet' : '');
      });
    });
    await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${receiver.address().port}/reel-events`;
    /** Reloads the endpoint's page until `check` holds for the delivery's text. */
    const deliveryShows = async (check, what) => {
      for (let tries = 0; tries < 60; tries += 1) {
        const text = (await page.locator('.delivery').first().textContent().catch(() => '')) ?? '';
        if (check(text)) return text;
        await page.waitForTimeout(500);
        await page.reload();
      }
      assert.fail(`the delivery never showed ${what}`);
    };
    try {
      await visit('/account');
      await page.click('a[href="/account/webhooks"]');
      await page.fill('#webhook-url', url);
      await page.check('input[name="events"][value="video.ready"]');
      await page.check('input[name="events"][value="account.created"]');
      await page.fill('#webhook-description', 'Our media desk');
      await page.click('form[action="/account/webhooks"] button[type="submit"]');
      const secret = (await page.locator('#new-secret').textContent()).trim();
      assert.match(secret, /^whsec_[A-Za-z0-9+/=]+$/, 'the secret is shown once');
      await page.click(`.notice a:has-text("${url}")`);
      webhookId = new URL(page.url()).pathname.split('/').pop();
      assert.match(await page.locator('h1').textContent(), /reel-events/);

      await page.click('button[value="test"]');
      await page.waitForSelector('.notice');
      await deliveryShows((text) => text.includes('not yet') && text.includes('pending'), 'a failed first attempt, pending');
      answer = 204;
      const done = await deliveryShows((text) => text.includes('delivered'), 'delivered');
      assert.match(done, /500/);
      assert.match(done, /204/);
      await page.click('.delivery button:has-text("Resend")');
      await page.waitForSelector('.notice');
      await deliveryShows((text) => (text.match(/204/g) ?? []).length >= 2 && text.includes('delivered'), 'a second success');
      assert.equal(got.length, 3, `three attempts reached the receiver: ${JSON.stringify(got)}`);
      assert.equal(new Set(got.map((g) => g.id)).size, 1, 'every attempt carries the one webhook-id');
      assert.ok(got.every((g) => g.signature.startsWith('v1,')), 'every attempt is signed');
      assert.equal(JSON.parse(got[0].body).type, 'webhook.test');
      assert.deepEqual(problemsSince(mark), []);
    } finally {
      receiver.close();
    }
  });

  test("makes a share link on a video's share page, which plays it to someone signed out, and revokes it", { timeout: 60_000 }, async () => {
    const mark = problems.length;
    const watchId = uploaded?.id ?? shared.id;
    await visit(`/studio/${watchId}/edit`);
    await page.click(`a[href="/studio/${watchId}/share"]`);
    await page.selectOption('#share-expiry', '3600');
    await page.fill('#share-start', '0:02');
    await page.click('form[action$="/share"] button[type="submit"]');
    const url = (await page.locator('#share-url').textContent()).trim();
    assert.match(url, new RegExp(`/watch/${watchId}\\?share=[0-9a-f]+&t=2$`));
    // Someone with no account at all opens it: the page has the player, starting at 0:02.
    const signedOut = await fetch(url, { redirect: 'manual' });
    assert.equal(signedOut.status, 200);
    const html = await signedOut.text();
    assert.match(html, /data-hls="/);
    assert.match(html, /data-resume-s="2(\.0)?"/);
    // The embed code and the sites that may frame it.
    assert.match(await page.locator('#embed-code').textContent(), new RegExp(`<iframe src="${base}/embed/${watchId}"`));
    await page.fill('#embed-origins', 'https://blog.example.com\nnot an origin');
    await page.click('form[action$="/share/origins"] button[type="submit"]');
    assert.match(await page.locator('.form-error').textContent(), /not an origin/);
    assert.equal(await page.inputValue('#embed-origins'), 'https://blog.example.com\nnot an origin', 'what was typed is kept');
    // The links' times read as dates in the page's language, not as the API writes them.
    assert.doesNotMatch(await page.locator('table').first().textContent(), /\d{4}-\d\d-\d\dT/);
    await page.fill('#embed-origins', 'https://blog.example.com');
    await page.click('form[action$="/share/origins"] button[type="submit"]');
    await page.waitForSelector('.notice');
    assert.equal(await page.inputValue('#embed-origins'), 'https://blog.example.com');
    // Revoked, the link opens nothing.
    await page.click('form[action$="/share/revoke"] button[type="submit"]');
    await page.waitForSelector('.notice');
    assert.equal((await fetch(url, { redirect: 'manual' })).status, 410);
    // The refused list came back as a 400 page, as it should; nothing else went wrong.
    const refusal = /\/share\/origins: Failed to load resource: the server responded with a status of 400/;
    assert.deepEqual(problemsSince(mark).filter((p) => !refusal.test(p)), []);
  });

  test('likes a video, comments with a link, replies in the thread and pins the comment', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    const watchId = uploaded?.id ?? shared.id;
    await visit(`/watch/${watchId}`);
    // Like: pressed, counted; pressed again takes it back.
    await page.click('#reactions button[value="1"]');
    await page.waitForSelector('#reactions button[aria-pressed="true"]');
    assert.match(await page.locator('#reactions button[aria-pressed="true"]').textContent(), /Like\s+1/);
    await visit('/liked');
    assert.equal(await page.locator(`a[href="/watch/${watchId}"]`).count() > 0, true, 'the liked page lists it');
    await visit(`/watch/${watchId}`);
    // A comment: its text escaped, its link safe.
    await page.fill('#comment-body', 'Lovely <b>harbour</b>, more at https://example.com/harbour.');
    await page.click('.comment-form button[type="submit"]');
    const made = page.locator('.comment-list > li').first();
    await made.waitFor();
    assert.equal(await made.locator('.comment-body b').count(), 0, 'markup in a comment is text');
    assert.match(await made.locator('.comment-body').textContent(), /Lovely <b>harbour<\/b>/);
    const link = made.locator('.comment-body a');
    assert.equal(await link.getAttribute('href'), 'https://example.com/harbour');
    assert.equal(await link.getAttribute('rel'), 'nofollow ugc noopener');
    // A reply: written from the thread's own form, shown in the thread's page.
    await made.locator('.comment-reply summary').first().click();
    await made.locator('.comment-reply textarea').first().fill('Agreed!');
    await made.locator('.comment-reply button[type="submit"]').first().click();
    await page.waitForURL(/\/watch\/[^/]+\/comments\/[^/#]+#c-/);
    assert.match(await page.locator('.comment-replies .comment-body').first().textContent(), /Agreed!/);
    // The owner pins the thread: it leads the list with its mark.
    await visit(`/watch/${watchId}`);
    await page.locator('.comment-list > li').first().locator('form[action$="/pin"] button').click();
    await page.waitForSelector('.comment-pinned .pill');
    assert.match(await page.locator('.comment-list > li').first().locator('.comment-body').first().textContent(), /Lovely/);
    assert.deepEqual(problemsSince(mark), []);
  });

  /**
   * Every page the sweeps visit, signed in as the admin (who may open all of them): its name,
   * path, what to wait for, and whether the sweep keeps a screenshot of it.
   */
  function sweptPages() {
    // The watch page of the page upload (two renditions: the quality menu shows), else of the creator's.
    const watchId = uploaded?.id ?? shared.id;
    return [
      { name: 'home', path: '/', screenshot: true },
      { name: 'watch', path: `/watch/${watchId}`, ready: '#player[data-levels]', screenshot: true },
      { name: 'upload', path: '/upload', ready: '#upload-form[data-state="idle"]', screenshot: true },
      { name: 'admin', path: '/admin', screenshot: true },
      { name: 'admin-jobs', path: '/admin/jobs' },
      { name: 'admin-audit', path: '/admin/audit' },
      { name: 'admin-health', path: '/admin/health', screenshot: true },
      { name: 'admin-storage', path: '/admin/storage' },
      { name: 'admin-cost', path: '/admin/cost', screenshot: true },
      { name: 'analytics-overview', path: '/analytics', screenshot: true },
      { name: 'analytics-top', path: '/analytics/top', screenshot: true },
      { name: 'analytics-quality', path: '/analytics/quality', screenshot: true },
      { name: 'analytics-pipeline', path: '/analytics/pipeline', screenshot: true },
      { name: 'analytics-signin', path: '/analytics/signin', screenshot: true },
      { name: 'analytics-revenue', path: '/analytics/revenue', screenshot: true },
      { name: 'analytics-video', path: `/analytics/videos/${watchId}`, screenshot: true },
      { name: 'admin-plans', path: '/admin/plans' },
      { name: 'studio', path: '/studio' },
      { name: 'edit', path: `/studio/${watchId}/edit` },
      { name: 'share', path: `/studio/${watchId}/share` },
      { name: 'music', path: `/watch/${track.id}`, ready: '#player', screenshot: true },
      { name: 'browse', path: '/browse?genre=Jazz' },
      { name: 'artist', path: '/artist/Nina%20Simone' },
      { name: 'album', path: '/artist/Nina%20Simone/album/Pastel%20Blues', screenshot: true },
      { name: 'account', path: '/account' },
      { name: 'search', path: `/search?q=${SEARCH_WORD}` },
      { name: 'channel', path: `/c/${creator.channel}` },
      { name: 'subscriptions', path: '/subscriptions' },
      { name: 'notifications', path: '/notifications' },
      { name: 'history', path: '/history' },
      { name: 'liked', path: '/liked' },
      { name: 'reports', path: '/reports' },
      { name: 'moderation', path: '/admin/reports', screenshot: true },
      { name: 'profiles', path: '/profiles', screenshot: true },
      { name: 'account-profile', path: '/account/profile' },
      { name: 'webhooks', path: '/account/webhooks' },
      { name: 'webhook', path: `/account/webhooks/${webhookId}`, screenshot: true },
      { name: 'playlists', path: '/playlists' },
      { name: 'playlist', path: `/playlists/${playlistId}`, screenshot: true },
      { name: 'series', path: `/series/${seriesId}` },
    ];
  }

  test('every page at desktop and phone width: no console error, no CSP violation, no sideways scrolling', { timeout: 90_000 }, async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    const pages = sweptPages();
    const failures = [];
    for (const [width, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      await page.setViewportSize(viewport);
      for (const { name, path, ready, screenshot } of pages) {
        const mark = problems.length;
        const response = await visit(path, { ready });
        if (response.status() !== 200) failures.push(`${path} (${width}): HTTP ${response.status()}`);
        for (const problem of problemsSince(mark)) failures.push(`${path} (${width}): ${problem}`);
        if (viewport === PHONE) {
          const overflow = await sidewaysOverflow(PHONE.width);
          if (overflow) failures.push(`${path} (${width}): ${overflow}`);
        }
        if (screenshot) await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
      }
    }
    await page.setViewportSize(DESKTOP);
    assert.deepEqual(failures, []);
  });

  test('axe-core finds nothing serious on any page: desktop and phone, light and dark, three languages (one right to left), signed in and out', { timeout: 900_000 }, async () => {
    const failures = [];
    // The home page's "Coming soon" and "Leaving soon" rows, swept too: the second track opens
    // in ten days and the first leaves in ten (no later test plays either).
    const inDays = (days) => new Date(Date.now() + days * 86_400_000).toISOString();
    await adminApi('PATCH', `/videos/${track2.id}`, { available_from: inDays(10) });
    await adminApi('PATCH', `/videos/${track.id}`, { available_until: inDays(10) });
    await visit('/');
    for (const row of ['#coming-heading', '#leaving-heading']) assert.equal(await page.locator(row).count(), 1, `the home page has ${row}`);
    const cookie = (name, value) => browser.context.addCookies([{ name, value, url: base }]);
    /** The language switch, as the page's form posts it: signed in, it is the profile's too. */
    async function chooseLanguage(language) {
      const csrf = await page.evaluate(() => document.querySelector('meta[name="csrf-token"]')?.content);
      const form = csrf ? { language, back: '/', csrf } : { language, back: '/' };
      const response = await page.request.post(`${base}/language`, { form, maxRedirects: 0 });
      assert.equal(response.status(), 303, `switching to ${language}`);
    }
    // Both themes in English at both widths; Arabic (right to left) dark at both widths, French
    // light on the desktop: every language, theme and width, within the suite's time.
    const runs = [
      { lang: 'en', theme: 'light', widths: ['desktop', 'phone'] },
      { lang: 'en', theme: 'dark', widths: ['desktop', 'phone'] },
      { lang: 'fr', theme: 'light', widths: ['desktop'] },
      { lang: 'ar', theme: 'dark', widths: ['desktop', 'phone'] },
    ];
    const viewports = { desktop: DESKTOP, phone: PHONE };
    await mkdir(SCREENSHOTS, { recursive: true });
    /** Every page in `list` at both widths for each run, its findings kept as failures. */
    async function check(list, who, kept = runs) {
      for (const { lang, theme, widths } of kept) {
        await cookie('reel_theme', theme);
        await chooseLanguage(lang);
        for (const width of widths) {
          const viewport = viewports[width];
          await page.setViewportSize(viewport);
          for (const { name, path, ready, screenshot } of list) {
            await visit(path, { ready });
            const where = `${path} (${who}, ${width}, ${theme}, ${lang})`;
            const html = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
            if (html[0] !== lang || html[1] !== (lang === 'ar' ? 'rtl' : 'ltr')) failures.push(`${where}: <html lang dir> is ${html}`);
            for (const finding of await axeViolations(page)) failures.push(`${where}: ${finding}`);
            if (viewport === PHONE && lang !== 'en') {
              const overflow = await sidewaysOverflow(PHONE.width);
              if (overflow) failures.push(`${where}: ${overflow}`);
            }
            // The right-to-left and dark looks are kept for people to look at.
            if (screenshot && (lang !== 'en' || theme === 'dark') && who === 'signed in') {
              await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}-${lang}-${theme}.png`), fullPage: true });
            }
          }
        }
      }
    }
    try {
      await check(sweptPages(), 'signed in');
      // Right to left (the last run's language), the guide sits on the right of a wide page.
      await page.setViewportSize(DESKTOP);
      await visit('/');
      const guide = await page.locator('#guide').boundingBox();
      if (!(guide && guide.x > DESKTOP.width / 2)) failures.push(`the Arabic guide is not on the right: ${JSON.stringify(guide)}`);
      await chooseLanguage('en');
      // Signed out: what anyone may open, and the error page.
      await signOut();
      await check([{ path: '/' }, { path: '/login' }, { path: '/docs/api' }, { path: '/no-such-page' }], 'signed out');
    } finally {
      await browser.context.clearCookies({ name: 'reel_theme' });
      await browser.context.clearCookies({ name: 'reel_lang' });
      await page.setViewportSize(DESKTOP);
    }
    assert.deepEqual(failures, []);
  });

  test('by keyboard alone: signs in, uploads, plays with captions and changes the quality', { timeout: 150_000 }, async () => {
    const mark = problems.length;
    // Signed out. The skip link is the first stop.
    await visit('/');
    if (await page.locator('.site-nav form[action="/logout"] button').count()) {
      await signOut();
      await visit('/');
    }
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.matches('.skip-link')), true, 'the first Tab is not the skip link');
    await tabTo('.site-nav a[href="/login"]');
    await Promise.all([page.waitForURL(`${base}/login`), page.keyboard.press('Enter')]);
    // The address field takes the focus by itself; the browser gives it a moment after `load`,
    // and keys typed before then would be lost.
    await focused('#address');
    await page.keyboard.type(ADMIN_EMAIL);
    const since = Date.now();
    await Promise.all([page.waitForSelector('#code'), page.keyboard.press('Enter')]);
    await focused('#code');
    await page.keyboard.type(await readLoginCode(dataDir, ADMIN_EMAIL, { since }));
    await Promise.all([page.waitForURL(`${base}/`), page.keyboard.press('Enter')]);

    // Upload: from the top bar's button, the file chosen from the keyboard-opened picker.
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
    await tabTo('.site-nav a[href="/upload"]');
    await Promise.all([page.waitForURL(`${base}/upload`), page.keyboard.press('Enter')]);
    await page.waitForSelector('#upload-form[data-state="idle"]', { state: 'attached' });
    await tabTo('#file', { ring: 'label[for="file"]' });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(clips.small);
    await page.waitForSelector('#upload-form[data-state="ready"]', { state: 'attached', timeout: 100_000 });
    await tabTo('#watch-link');
    await Promise.all([page.waitForURL(/\/watch\//), page.keyboard.press('Enter')]);
    await page.waitForSelector('#player[data-levels]', { state: 'attached' });

    /** Opens `id`'s watch page and starts it from the keyboard. */
    async function playByKeyboard(id) {
      await openWatch(id);
      await tabTo('.player-bigplay, .player-play');
      await page.keyboard.press('Enter');
      await playedPast(0.3);
    }
    /** Opens the player's menu behind `button` with the arrow key and picks its last item. */
    async function pickLast(button, menu) {
      await tabTo(button);
      await page.keyboard.press('ArrowDown');
      await page.waitForSelector(`${menu}:not([hidden])`);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
    }
    // The creator's video with its captions (added by the captions test), the last track ...
    await playByKeyboard(shared.id);
    await pickLast('.player-captions-button', '#player-captions-menu');
    await page.waitForFunction(() => document.getElementById('player').dataset.captions !== 'off', null, { timeout: 10_000 });
    await page.keyboard.press('k');
    // Back to captions off, for the tests after this one.
    await page.evaluate(() => localStorage.removeItem('reel.captions'));
    // ... then the page upload (two renditions) in its lowest quality.
    await playByKeyboard(uploaded.id);
    await pickLast('.player-quality-button', '#player-quality-menu');
    const lowest = Math.min(...(await page.getAttribute('#player', 'data-levels')).split(',').map(Number));
    await page.waitForFunction((h) => document.getElementById('player').dataset.currentHeight === String(h), lowest, { timeout: 30_000 });
    assert.match(await page.getAttribute('.player-quality-button', 'aria-label'), new RegExp(`${lowest}p`));
    await page.keyboard.press('k');
    assert.deepEqual(problemsSince(mark), []);
  });

  test("a viewer sees no other creator's private video in any list, and cannot open it", { timeout: 60_000 }, async () => {
    const mark = problems.length;
    // Whoever is signed in signs out through the header, then the viewer signs in.
    await visit('/');
    if (await page.locator('.site-nav form[action="/logout"] button').count()) await signOut();
    await signIn(VIEWER_EMAIL);
    assert.equal(await page.locator('.site-nav a[href="/account"]').count(), 1, 'the viewer is not signed in');
    assert.equal(await page.locator('.site-nav a[href="/upload"]').count(), 0, 'a viewer is offered to upload');

    // The viewer subscribes on the creator's channel page; the button turns into Unsubscribe.
    await visit(`/c/${creator.channel}`);
    await Promise.all([page.waitForURL(`${base}/c/${creator.channel}`), page.click('.follow button:has-text("Subscribe")')]);
    await page.waitForSelector('.follow button:has-text("Unsubscribe")');
    assert.match(await page.textContent('.subscriber-count'), /^1 subscriber$/);

    // The creator publishes: the bell counts it, and the notifications page lists it.
    const fresh = await uploadAndWait(base, creatorToken, clips.small, { title: 'Fresh for subscribers', visibility: 'members', timeoutMs: 90_000 });
    await page.waitForFunction(
      async () => (await fetch('/api/v1/notifications?limit=1').then((r) => r.json())).unread > 0,
      null,
      { timeout: 30_000, polling: 250 },
    );
    await visit('/');
    await page.waitForSelector('a[data-notifications] .unread-badge:not([hidden])');
    assert.equal(await page.textContent('a[data-notifications] .unread-badge'), '1');
    await visit('/notifications');
    assert.equal(await page.locator(`.notification.unread a[href="/watch/${fresh.id}"]`).count(), 1, 'the new item is not an unread notification');

    /** The watch links on the current page, as video ids. */
    const listed = () => page.$$eval('a[href^="/watch/"]', (links) => [...new Set(links.map((a) => a.getAttribute('href').slice('/watch/'.length)))]);
    const lists = [
      ['home', '/'],
      ['search', `/search?q=${SEARCH_WORD}`],
      ["the creator's channel", `/c/${creator.channel}`],
      ['subscriptions', '/subscriptions'],
      // "Up next" beside the creator's other video.
      ['up next', `/watch/${shared.id}`],
    ];
    for (const [what, path] of lists) {
      const response = await visit(path);
      assert.equal(response.status(), 200, `${path}: HTTP ${response.status()}`);
      const ids = await listed();
      const text = await page.textContent('main');
      assert.ok(!ids.includes(secret.id), `${what} (${path}) links to the private video: ${ids}`);
      assert.ok(!text.includes('secret, private'), `${what} (${path}) shows the private video's title`);
      // The creator's members video is there (on its own watch page, as the video itself):
      // the list works, it just leaves the private one out.
      if (path !== `/watch/${shared.id}`) assert.ok(ids.includes(shared.id), `${what} (${path}) does not list the members video: ${ids}`);
    }
    assert.deepEqual(problemsSince(mark), []);

    const response = await visit(`/watch/${secret.id}`);
    assert.equal(response.status(), 404, `the private video's page answered ${response.status()}`);
    assert.equal(await page.locator('#player').count(), 0, 'a player on the 404 page');
    assert.ok(!(await page.textContent('main')).includes('secret, private'), "the 404 page shows the private video's title");
  });

  test('a viewer reports a video and a comment, and the admin works the moderation queue', { timeout: 60_000 }, async () => {
    const mark = problems.length;
    const commented = uploaded?.id ?? shared.id;
    // The viewer (signed in by the test before) reports the episode and the admin's comment.
    await visit(`/watch/${episode2.id}`);
    await page.click('.video-info .report-form summary');
    await page.fill('.video-info .report-form textarea', 'Someone else filmed this');
    await Promise.all([page.waitForURL(`${base}/reports?done=reported`), page.click('.video-info .report-form button[type="submit"]')]);
    assert.match(await page.textContent('main'), /The walk back/);
    await visit(`/watch/${commented}`);
    const thread = page.locator('.comment-list > li').first();
    await thread.locator('.comment .report-form summary').first().click();
    await thread.locator('.comment .report-form textarea').first().fill('Spam link');
    await Promise.all([page.waitForURL(`${base}/reports?done=reported`), thread.locator('.comment .report-form button[type="submit"]').first().click()]);
    assert.equal(await page.locator('tbody tr').count(), 2, 'both reports are listed');

    // The admin signs in and works the queue: the video taken down, the comment hidden.
    await signOut();
    await signIn(ADMIN_EMAIL);
    await visit('/admin/reports');
    assert.equal(await page.locator('.report').count(), 2);
    const report = page.locator('.report', { hasText: 'Someone else filmed this' });
    await report.locator('input[name="reason"]').first().fill('Not the uploader’s to share');
    await Promise.all([page.waitForURL(/done=taken-down/), report.locator('button:has-text("Take down")').click()]);
    await page.locator('.report', { hasText: 'Spam link' }).locator('button:has-text("Hide comment")').click();
    await page.waitForURL(/done=comment-hidden/);
    assert.equal(await page.locator('.report').count(), 0, 'the queue is empty');
    await visit('/admin/reports?status=resolved');
    assert.equal(await page.locator('.report').count(), 2);
    const video = await apiVideo(episode2.id);
    assert.equal(video.takedown?.reason, 'Not the uploader’s to share');
    assert.deepEqual(problemsSince(mark), []);
  });
});
