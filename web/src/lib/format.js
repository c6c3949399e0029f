// Numbers as people read them: clock times, spoken durations, processing states.

import { formatNumber, t } from './i18n.js';

/** Two digits, in the page's language's digits. */
const pad = (n) => formatNumber(n, { minimumIntegerDigits: 2, useGrouping: false });
const whole = (n) => formatNumber(n, { useGrouping: false });

function parts(seconds) {
  const s = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  return { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60), s: s % 60 };
}

/** 83.4 → "1:23", 3723 → "1:02:03": a player's clock, in the language's digits as the server writes it. */
export function clock(seconds) {
  const { h, m, s } = parts(seconds);
  return h ? `${whole(h)}:${pad(m)}:${pad(s)}` : `${whole(m)}:${pad(s)}`;
}

/** 83.4 → "1 minute 23 seconds": what a screen reader says for a position ("1:23" reads badly). */
export function spoken(seconds) {
  const { h, m, s } = parts(seconds);
  const words = [];
  if (h) words.push(t('web-hours', { n: h }));
  if (m) words.push(t('web-minutes', { n: m }));
  if (s || !words.length) words.push(t('web-seconds', { n: s }));
  // Joined by the catalogue, pair by pair from the end: a space in English, "و" in Arabic.
  return words.reduceRight((rest, first) => t('web-duration-and', { first, rest }));
}

/**
 * A video's processing state from the API's `status` and `progress` (percent), as shown next to
 * it: "Processing 42 %". Rounded down so that 99.6 does not already claim 100 %.
 */
export function statusLabel({ status, progress }) {
  const percent = Math.floor(Number(progress) || 0);
  switch (status) {
    case 'uploaded':
      return t('web-status-uploaded');
    case 'processing':
      return t('web-status-processing', { percent });
    case 'playable':
      return t('web-status-playable', { percent });
    case 'ready':
      return t('web-status-ready');
    case 'failed':
      return t('web-status-failed');
    default:
      return String(status ?? '');
  }
}
