// The seek bar: a slider over the video's timeline (click, drag, arrow keys), with the buffered
// range behind the played one, a notch where each chapter begins and, on hover or drag, a
// storyboard thumbnail of that moment with its chapter's title.

import { h } from '../lib/dom.js';
import { clock, spoken } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { chapterAt } from './chapters.js';

const KEY_STEP_S = 5;

/**
 * `onSeek(seconds)` is called when the user picks a time. `storyboard` is null or
 * `{url, interval_s, tile_width, tile_height, columns, rows, count}`: one sprite image whose
 * tiles, left to right and top to bottom, show the video every `interval_s` seconds.
 * `chapters` is `[{start_s, title}]` in order of start (possibly empty).
 * Returns `{element, render({current, duration, buffered}), dragging()}`.
 */
export function createSeekBar({ onSeek, storyboard, chapters = [] }) {
  const buffered = h('div', { class: 'player-seek-buffered' });
  const played = h('div', { class: 'player-seek-played' });
  const thumb = h('div', { class: 'player-seek-thumb' });
  const previewImage = h('div', { class: 'player-preview-image', hidden: !storyboard });
  const previewTime = h('span', { class: 'player-preview-time' });
  const previewChapter = h('span', { class: 'player-preview-chapter', hidden: chapters.length === 0 });
  // The slider announces the time itself; the preview is for the eyes only.
  const preview = h('div', { class: 'player-preview', 'aria-hidden': 'true', hidden: true }, previewImage, previewChapter, previewTime);
  // A notch where each chapter but one starting at 0 begins, placed once the length is known.
  const notches = chapters.filter((c) => c.start_s > 0).map((c) => h('div', { class: 'player-seek-chapter', 'data-start': String(c.start_s) }));
  const element = h(
    'div',
    {
      class: 'player-seek',
      role: 'slider',
      tabindex: 0,
      'aria-label': t('web-player-seek'),
      'aria-valuemin': 0,
      'aria-valuemax': 0,
      'aria-valuenow': 0,
      'aria-valuetext': spoken(0),
    },
    h('div', { class: 'player-seek-track' }, buffered, played, ...notches, thumb),
    preview,
  );

  let duration = 0;
  let position = 0; // seconds, as drawn
  let scrubbing = null; // the pointer's time while dragging, else null
  let spriteRequested = false;

  if (storyboard) {
    previewImage.style.width = `${storyboard.tile_width}px`;
    previewImage.style.height = `${storyboard.tile_height}px`;
    previewImage.style.backgroundSize = `${storyboard.columns * storyboard.tile_width}px ${storyboard.rows * storyboard.tile_height}px`;
  }

  const fraction = (seconds) => (duration > 0 ? Math.min(Math.max(seconds / duration, 0), 1) : 0);

  /** The time under the pointer, and its x within the bar. */
  function pointerTime(event) {
    const box = element.getBoundingClientRect();
    const x = Math.min(Math.max(event.clientX - box.left, 0), box.width);
    return { seconds: box.width > 0 ? (x / box.width) * duration : 0, x, width: box.width };
  }

  function drawPosition(seconds) {
    position = seconds;
    const percent = `${fraction(seconds) * 100}%`;
    played.style.width = percent;
    thumb.style.left = percent;
    element.setAttribute('aria-valuenow', String(Math.floor(seconds)));
    const chapter = chapters[chapterAt(chapters, seconds)];
    const where = { position: spoken(seconds), duration: spoken(duration) };
    element.setAttribute('aria-valuetext', chapter ? t('web-player-seek-chapter', { ...where, chapter: chapter.title }) : t('web-player-seek-position', where));
  }

  function showPreview(event) {
    if (!(duration > 0)) return;
    const { seconds, x, width } = pointerTime(event);
    if (storyboard) {
      // The sprite is fetched on the first hover only: most viewers never look.
      if (!spriteRequested) {
        spriteRequested = true;
        new Image().src = storyboard.url;
        previewImage.style.backgroundImage = `url(${JSON.stringify(storyboard.url)})`;
      }
      const tile = Math.max(0, Math.min(Math.floor(seconds / storyboard.interval_s), storyboard.count - 1));
      const column = tile % storyboard.columns;
      const row = Math.floor(tile / storyboard.columns);
      previewImage.style.backgroundPosition = `-${column * storyboard.tile_width}px -${row * storyboard.tile_height}px`;
    }
    previewTime.textContent = clock(seconds);
    previewChapter.textContent = chapters[chapterAt(chapters, seconds)]?.title ?? '';
    preview.hidden = false;
    // Centred on the pointer, but never hanging out of the bar.
    const half = preview.offsetWidth / 2;
    preview.style.left = `${Math.min(Math.max(x, half), Math.max(width - half, half))}px`;
  }

  element.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !(duration > 0)) return;
    element.setPointerCapture(event.pointerId);
    element.classList.add('is-scrubbing');
    scrubbing = pointerTime(event).seconds;
    drawPosition(scrubbing);
    showPreview(event);
  });
  element.addEventListener('pointermove', (event) => {
    if (scrubbing !== null) {
      scrubbing = pointerTime(event).seconds;
      drawPosition(scrubbing);
    }
    showPreview(event);
  });
  const endScrub = (event, commit) => {
    if (scrubbing === null) return;
    const seconds = pointerTime(event).seconds;
    scrubbing = null;
    element.classList.remove('is-scrubbing');
    if (event.pointerType !== 'mouse') preview.hidden = true;
    if (commit) onSeek(seconds);
  };
  element.addEventListener('pointerup', (event) => endScrub(event, true));
  element.addEventListener('pointercancel', (event) => endScrub(event, false));
  element.addEventListener('pointerleave', () => {
    if (scrubbing === null) preview.hidden = true;
  });

  element.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || !(duration > 0)) return;
    const target = {
      ArrowLeft: position - KEY_STEP_S,
      ArrowDown: position - KEY_STEP_S,
      ArrowRight: position + KEY_STEP_S,
      ArrowUp: position + KEY_STEP_S,
      PageDown: position - duration / 10,
      PageUp: position + duration / 10,
      Home: 0,
      End: duration,
    }[event.key];
    if (target === undefined) return;
    // Handled here, so the page-wide shortcuts leave it alone.
    event.preventDefault();
    onSeek(Math.min(Math.max(target, 0), duration));
  });

  return {
    element,
    dragging: () => scrubbing !== null,
    /** `buffered` is `[start, end]` in seconds, or null. */
    render({ current, duration: total, buffered: range }) {
      const known = Number.isFinite(total) && total > 0 ? total : 0;
      if (known !== duration) {
        duration = known;
        for (const notch of notches) {
          const at = fraction(Number(notch.dataset.start));
          notch.style.left = `${at * 100}%`;
          notch.hidden = !(duration > 0) || at >= 1;
        }
      }
      element.setAttribute('aria-valuemax', String(Math.floor(duration)));
      if (scrubbing === null) drawPosition(current);
      if (range) {
        buffered.style.left = `${fraction(range[0]) * 100}%`;
        buffered.style.width = `${(fraction(range[1]) - fraction(range[0])) * 100}%`;
      } else {
        buffered.style.width = '0';
      }
    },
  };
}
