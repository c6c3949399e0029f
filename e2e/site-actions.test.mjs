// End-to-end: what the pages now do that only the API did, clicked in headless Chromium. A
// creator processes a ready item again from its edit page; a moderator takes down an item no
// one reported, by its address, and lifts a suspension early from the moderation page. Each
// page is checked with axe-core as it is after the click.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { axeViolations } from './lib/axe.mjs';
import { createToken, createUser, launchBrowser, makeClip, makeTempDir, removeDir, signInThroughPage, startServer, uploadAndWait } from './lib/server.mjs';

const ENV = { REEL__MEDIA__X264_PRESET: 'ultrafast' };
const CREATOR_EMAIL = 'maker@example.org';
const MODERATOR_EMAIL = 'mod@example.org';
const SUSPENDED_EMAIL = 'rude@example.org';

describe('actions from the site, not only the API', { timeout: 300_000 }, () => {
  let workDir;
  let dataDir;
  let server;
  let base;
  let adminToken;
  let browser;
  let page;
  let video; // the creator's ready item (API JSON)
  let rude; // the suspended account ({ id, … })

  before(
    async () => {
      workDir = await makeTempDir('reel-e2e-site-actions-');
      dataDir = join(workDir, 'data');
      adminToken = await createToken(dataDir, { name: 'e2e-admin', env: ENV });
      await createUser(dataDir, { email: CREATOR_EMAIL, role: 'creator', env: ENV });
      await createUser(dataDir, { email: MODERATOR_EMAIL, role: 'moderator', env: ENV });
      rude = await createUser(dataDir, { email: SUSPENDED_EMAIL, role: 'viewer', env: ENV });
      const creatorToken = await createToken(dataDir, { name: 'creator', user: CREATOR_EMAIL, scopes: 'read,upload', env: ENV });
      const clip = await makeClip(workDir, { name: 'short.mp4', seconds: 2, size: '320x180', preset: 'ultrafast' });
      server = await startServer(dataDir, { env: ENV });
      base = server.base;
      [video, browser] = await Promise.all([
        uploadAndWait(base, creatorToken, clip, { title: 'Ready to redo', visibility: 'members', timeoutMs: 90_000 }),
        launchBrowser(),
      ]);
      page = browser.page;
      page.setDefaultTimeout(15_000);
      const res = await fetch(`${base}/api/v1/admin/users/${rude.id}/suspension`, {
        method: 'POST',
        // Suspended by the admin; any moderator may lift it.
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ days: 7, reason: 'Shouting at everyone' }),
      });
      assert.equal(res.status, 200, `suspending: ${await res.text()}`);
    },
    { timeout: 150_000 },
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

  /** Signs in as `address` through the sign-in page, with the code from the outbox. */
  async function signIn(address) {
    await browser.context.clearCookies();
    await signInThroughPage(page, { base, dataDir, address });
  }

  /** The item as the admin sees it through the API. */
  async function apiVideo() {
    const res = await fetch(`${base}/api/v1/videos/${video.id}`, { headers: { Authorization: `Bearer ${adminToken}` } });
    assert.equal(res.status, 200);
    return res.json();
  }

  test('a creator processes a ready item again from its edit page', { timeout: 60_000 }, async () => {
    await signIn(CREATOR_EMAIL);
    await page.goto(`${base}/studio/${video.id}/edit`);
    const button = page.getByRole('button', { name: 'Process again' });
    await Promise.all([page.waitForURL(/done=reprocessing/), button.click()]);
    assert.match(await page.textContent('body'), /The item is being processed again/, details());
    assert.deepEqual(await axeViolations(page), [], 'axe on the edit page after processing again');
    // The item plays on as it was while the new version is made.
    assert.equal((await apiVideo()).status, 'ready');
  });

  test('a moderator takes down an unreported item by its address and lifts a suspension early', { timeout: 60_000 }, async () => {
    await signIn(MODERATOR_EMAIL);
    await page.goto(`${base}/admin/reports`);
    assert.deepEqual(await axeViolations(page), [], 'axe on the moderation page with its new forms');
    await page.getByLabel('Address or id of the item').fill(`${base}/watch/${video.id}`);
    await page.locator('#take-down').getByLabel('Public reason').fill('Spam');
    await Promise.all([page.waitForURL(/done=taken-down/), page.locator('#take-down').getByRole('button', { name: 'Take down' }).click()]);
    const after = await apiVideo();
    assert.equal(after.takedown?.reason, 'Spam', JSON.stringify(after));

    const suspended = page.locator('#suspended');
    assert.match(await suspended.textContent(), /Shouting at everyone/);
    await Promise.all([
      page.waitForURL(/done=suspension-lifted/),
      page.getByRole('button', { name: /^Lift suspension of / }).click(),
    ]);
    assert.match(await page.locator('#suspended').textContent(), /No account is suspended\./, details());
    assert.match(await page.textContent('body'), /The suspension was lifted/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the moderation page after lifting');
  });
});
