// The player's screen: the playback session its token opens on the account when it first
// asks for media. While the page is open a heartbeat keeps it (a paused player fetches
// nothing), leaving the page ends it so its place is free at once, and a refusal from the
// origin is read for its reason: one screen too many (then the account's screens are listed,
// each with a button that stops it) or a screen stopped from elsewhere.

import { api, csrfToken } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

/** Well within the shortest `[entitlements] session_idle_secs` the server allows (60 s). */
const HEARTBEAT_MS = 20_000;

/**
 * Keeps stream `streamId` (none: a signed-out viewer, whose plays open no screen) while the
 * page lives. `ended(message)` is told when the server says it has ended; `leaving()` stops
 * the player's requests before the screen is ended on the way out, so none is refused.
 */
export function keepScreen(streamId, { ended, leaving }) {
  if (!streamId) return { start() {} };
  const path = `/api/v1/me/streams/${encodeURIComponent(streamId)}`;
  let timer = 0;
  let started = false;
  const stop = () => {
    clearInterval(timer);
    timer = 0;
  };
  async function beat() {
    try {
      await api('POST', `${path}/heartbeat`);
    } catch (error) {
      // 404: the stream has not opened yet (nothing played); anything else is tried again.
      if (error.status === 410) {
        stop();
        ended(error.message);
      }
    }
  }
  window.addEventListener('pagehide', () => {
    stop();
    const csrf = csrfToken();
    // Nothing played, nothing opened: there is no screen to end.
    if (!csrf || !started) return;
    leaving();
    // keepalive lets the request outlive the page; a failure only leaves it to idle away.
    fetch(path, { method: 'DELETE', keepalive: true, credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } }).catch(() => {});
  });
  // Back from the browser's page cache, a screen that played was ended on the way out: start
  // afresh.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && started) window.location.reload();
  });
  return {
    /** Called once playback starts: from then on the screen is kept. */
    start() {
      started = true;
      if (!timer) timer = setInterval(beat, HEARTBEAT_MS);
    },
  };
}

/**
 * Why the origin refused `url` (a 403): `{code, message}` from its problem answer, or null
 * when it gives none (an expired token answers with no more than that).
 */
export async function refusalOf(url) {
  if (!url) return null;
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (response.ok) return null;
    const body = await response.json();
    return typeof body?.code === 'string' ? { code: body.code, message: String(body.message ?? '') } : null;
  } catch {
    return null;
  }
}

/** `at` (RFC 3339) as a time of day, or a date for an older one, in the page's language. */
function since(at) {
  const date = new Date(at);
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString(document.documentElement.lang || 'en', { hour: '2-digit', minute: '2-digit' }) : date.toLocaleDateString();
}

/**
 * Fills `box` with the "too many screens" dialog: the account's screens, each with a button
 * that stops it, and once one is stopped a button that plays here.
 */
export async function showScreens(box) {
  const heading = h('h2', { id: 'player-screens-title' }, t('web-player-screens-title'));
  const dialog = h('div', { class: 'player-screens', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'player-screens-title' }, heading);
  box.replaceChildren(dialog);
  box.hidden = false;
  let listed;
  try {
    listed = await api('GET', '/api/v1/me/streams');
  } catch {
    // A kids profile may not see what the account's other profiles play.
    dialog.append(h('p', {}, t('web-player-screens-ask')));
    return;
  }
  dialog.append(h('p', {}, t('web-player-screens-intro', { count: listed.max_streams ?? listed.items.length })));
  const playHere = h('button', { type: 'button', class: 'button primary', hidden: true }, t('web-player-screens-play-here'));
  playHere.addEventListener('click', () => window.location.reload());
  const list = h('ul', { class: 'player-screens-list' });
  for (const screen of listed.items) {
    const stop = h('button', { type: 'button', class: 'button' }, t('web-player-screens-stop'));
    const what = screen.title ?? t('web-player-screens-unavailable');
    const item = h('li', {}, h('span', {}, t('web-player-screens-entry', { device: screen.device, title: what, since: since(screen.started_at) })), stop);
    stop.addEventListener('click', async () => {
      stop.disabled = true;
      try {
        await api('DELETE', `/api/v1/me/streams/${encodeURIComponent(screen.id)}`);
      } catch {
        // Ended already: its place is free all the same.
      }
      item.remove();
      playHere.hidden = false;
      playHere.focus();
    });
    list.append(item);
  }
  dialog.append(list, playHere);
  (list.querySelector('button') ?? playHere).focus();
}
