// How fast an upload goes and how long it has left, measured over the last few seconds (the
// rate of a whole upload hides a connection that just got slower or faster).

import { formatNumber, t } from '../lib/i18n.js';

const WINDOW_MS = 5000;

/** `add(bytesSent)` as progress arrives; `rate()` in bytes per second, null until measurable. */
export function createMeter() {
  let samples = []; // {at: ms, bytes}, oldest first, spanning the window

  return {
    reset() {
      samples = [];
    },
    add(bytes, at = performance.now()) {
      samples.push({ at, bytes });
      // Keep one sample older than the window, so the window is always fully measured.
      while (samples.length > 2 && at - samples[1].at >= WINDOW_MS) samples.shift();
    },
    rate() {
      if (samples.length < 2) return null;
      const first = samples[0];
      const last = samples[samples.length - 1];
      const seconds = (last.at - first.at) / 1000;
      return seconds >= 1 ? (last.bytes - first.bytes) / seconds : null;
    },
  };
}

/** `n` with exactly `digits` decimals, ungrouped (as toFixed writes it), in the language's digits. */
const fixed = (n, digits) => formatNumber(n, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });

/** "512 B", "3.4 MB", "10.74 GB": powers of 1000, as the server's pages write sizes. */
export function formatBytes(bytes) {
  if (bytes < 1e3) return t('web-size-bytes', { n: fixed(bytes, 0) });
  if (bytes < 1e6) return t('web-size-kilobytes', { n: fixed(bytes / 1e3, 1) });
  if (bytes < 1e9) return t('web-size-megabytes', { n: fixed(bytes / 1e6, 1) });
  return t('web-size-gigabytes', { n: fixed(bytes / 1e9, 2) });
}

/** 12_500_000 → "12.5 MB/s"; slow links get another decimal. */
export function formatRate(bytesPerSecond) {
  const mb = bytesPerSecond / 1e6;
  return t('web-upload-rate', { n: fixed(mb, mb >= 0.1 ? 1 : 2) });
}

/** 75 → "about 1 min left", rounded the way people say it. */
export function formatTimeLeft(seconds) {
  if (seconds < 10) return t('web-upload-left-moment');
  if (seconds < 60) return t('web-upload-left-seconds', { n: Math.ceil(seconds / 10) * 10 });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('web-upload-left-minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? t('web-upload-left-hours-minutes', { hours, minutes: rest }) : t('web-upload-left-hours', { n: hours });
}
