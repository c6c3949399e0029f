// Small enhancements for every page. Each page works without them: forms post, times read as
// dates, statuses show what they were when the page was made. With them, the page saves a
// round trip, reads more naturally, and stays current.

import { api } from './lib/api.js';
import { statusLabel } from './lib/format.js';
import { formatNumber, lang, t } from './lib/i18n.js';
import { reorderable } from './lib/reorder.js';

confirmBeforeSubmit();
relativeTimes();
liveStatuses();
copyButtons();
unreadBell();
guideDrawer();
menus();
document.querySelectorAll('ol[data-reorder-playlist]').forEach(reorderable);

/**
 * `<form data-confirm="Delete this video?">`: ask here instead of on the server's confirmation
 * page (which is what a browser without scripts gets). Once asked, the form carries
 * `confirmed=1` so that the server skips its own question.
 */
function confirmBeforeSubmit() {
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (!form.querySelector('input[name="confirmed"]')) {
      const confirmed = document.createElement('input');
      confirmed.type = 'hidden';
      confirmed.name = 'confirmed';
      confirmed.value = '1';
      form.append(confirmed);
    }
  });
}

/**
 * `<time datetime="…" data-relative>`: "3 minutes ago", kept true as the page stays open, with
 * the full local date and time as its tooltip. The words and units are the server's own
 * (`time-ago-*`, mirrored as `web-ago-*`), so the text does not change its wording when the
 * script first refreshes it.
 */
function relativeTimes() {
  const full = new Intl.DateTimeFormat(lang(), { dateStyle: 'full', timeStyle: 'short' });
  const units = [
    ['web-ago-years', 365 * 86400],
    ['web-ago-months', 30 * 86400],
    ['web-ago-weeks', 7 * 86400],
    ['web-ago-days', 86400],
    ['web-ago-hours', 3600],
    ['web-ago-minutes', 60],
  ];

  function describe(date, now) {
    // A time a little ahead (the server's clock and this one differ) is "just now" too.
    const seconds = Math.max(now - date, 0) / 1000;
    if (seconds < 60) return t('web-just-now');
    const [key, size] = units.find(([, size]) => seconds >= size);
    // Truncated, not rounded: 90 seconds ago is still "1 minute ago".
    return t(key, { n: Math.floor(seconds / size) });
  }

  function refresh() {
    const now = Date.now();
    for (const time of document.querySelectorAll('time[datetime][data-relative]')) {
      const date = new Date(time.dateTime);
      if (Number.isNaN(date.getTime())) continue;
      time.textContent = describe(date, now);
      time.title = full.format(date);
    }
  }

  refresh();
  setInterval(refresh, 60_000);
}

/**
 * `[data-live-video="ID"][data-status]` for a video still being processed: asks the API every
 * 2 s and updates its `data-status`, its `.status-label` and (when it failed) `.status-error`,
 * until the video is ready or failed. With `data-reload-when-playable`, the page reloads as soon
 * as the video can be watched (the watch page then shows the player).
 */
function liveStatuses() {
  const unfinished = new Set(['uploaded', 'processing', 'playable']);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function show(element, video) {
    if ('reloadWhenPlayable' in element.dataset && (video.status === 'playable' || video.status === 'ready')) {
      window.location.reload();
      return;
    }
    element.dataset.status = video.status;
    const label = element.querySelector('.status-label');
    if (label) label.textContent = statusLabel(video);
    const error = element.querySelector('.status-error');
    if (error && video.status === 'failed') {
      error.textContent = video.error || t('web-status-processing-failed');
      error.hidden = false;
    }
  }

  async function follow(element) {
    const path = `/api/v1/videos/${encodeURIComponent(element.dataset.liveVideo)}`;
    while (unfinished.has(element.dataset.status)) {
      await sleep(2000);
      // Nobody is looking: save the server the work until somebody is.
      if (document.hidden) continue;
      try {
        show(element, await api('GET', path));
      } catch (err) {
        // Gone, or no longer ours to see: stop. A dropped connection: try again.
        if (err.status >= 400 && err.status < 500) return;
      }
    }
  }

  for (const element of document.querySelectorAll('[data-live-video]')) follow(element);
}

/** `<button data-copy="ID">`: copies the text (or the field's value) of the element with that id. */
function copyButtons() {
  const isField = (element) => element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement;
  const restoreTimers = new WeakMap();

  // The Clipboard API exists only on HTTPS and localhost; a self-hosted server on plain HTTP
  // gets the older select-and-copy way. When even that fails the text stays selected, ready
  // for the keyboard shortcut.
  function copyBySelection(source) {
    const selection = window.getSelection();
    if (isField(source)) {
      source.select();
    } else {
      const range = document.createRange();
      range.selectNodeContents(source);
      selection.removeAllRanges();
      selection.addRange(range);
    }
    const copied = document.execCommand('copy');
    if (copied) selection.removeAllRanges();
    return copied;
  }

  document.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
    const source = button && document.getElementById(button.dataset.copy);
    if (!source) return;
    const text = isField(source) ? source.value : source.textContent.trim();
    let copied;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      copied = copyBySelection(source);
    }
    button.dataset.label ??= button.textContent;
    button.textContent = copied ? t('web-copy-done') : t('web-copy-by-hand');
    clearTimeout(restoreTimers.get(button));
    restoreTimers.set(
      button,
      setTimeout(() => {
        button.textContent = button.dataset.label;
      }, 2000),
    );
  });
}

/**
 * `<a data-notifications>` in the header: the count of unread notifications beside it, asked
 * for once the page is up (pages stay cacheable and quick to make; without scripts the link
 * still leads to them).
 */
async function unreadBell() {
  const link = document.querySelector('a[data-notifications]');
  const badge = link?.querySelector('.unread-badge');
  if (!badge) return;
  try {
    const { unread } = await api('GET', '/api/v1/notifications?limit=1');
    if (unread > 0) {
      badge.textContent = unread > 99 ? t('web-notifications-more', { n: 99 }) : formatNumber(unread);
      badge.hidden = false;
      link.setAttribute('aria-label', t('web-notifications-unread', { n: unread }));
    }
  } catch {
    // The link works without the count.
  }
}

/**
 * The top bar's guide button (shown on phones). Without scripts it is a link to `#guide`, which
 * then shows as a list at the top of the page; with them it opens the guide as a drawer, closed
 * again by the button, Escape, a click outside it or following one of its links.
 */
function guideDrawer() {
  const toggle = document.querySelector('.guide-toggle');
  const guide = document.getElementById('guide');
  if (!toggle || !guide) return;

  function set(open) {
    guide.classList.toggle('is-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    if (open) guide.querySelector('a')?.focus();
  }

  // No longer a link to somewhere: a button, which Space presses too.
  toggle.setAttribute('role', 'button');
  toggle.addEventListener('click', (event) => {
    event.preventDefault();
    set(!guide.classList.contains('is-open'));
  });
  toggle.addEventListener('keydown', (event) => {
    if (event.key !== ' ') return;
    event.preventDefault();
    toggle.click();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && guide.classList.contains('is-open')) {
      set(false);
      toggle.focus();
    }
  });
  document.addEventListener('click', (event) => {
    if (!guide.classList.contains('is-open') || !(event.target instanceof Node)) return;
    if (!guide.contains(event.target) && !toggle.contains(event.target)) set(false);
  });
}

/**
 * `<details class="menu">`: opens and closes on its own; this closes it as menus do: on Escape
 * while the focus is in it (giving the focus back to its button), when the focus moves on to
 * something outside it, and on a click anywhere outside it.
 */
function menus() {
  for (const menu of document.querySelectorAll('details.menu')) {
    menu.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !menu.open || event.defaultPrevented) return;
      event.preventDefault();
      menu.open = false;
      menu.querySelector('summary')?.focus();
    });
    // Tabbing (or clicking) on to something focusable elsewhere; a click on nothing focusable
    // is the click handler's to judge.
    menu.addEventListener('focusout', (event) => {
      if (event.relatedTarget instanceof Node && !menu.contains(event.relatedTarget)) menu.open = false;
    });
  }
  document.addEventListener('click', (event) => {
    for (const menu of document.querySelectorAll('details.menu[open]')) {
      if (event.target instanceof Node && !menu.contains(event.target)) menu.open = false;
    }
  });
}
