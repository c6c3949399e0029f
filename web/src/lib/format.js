// Numbers as people read them: clock times, spoken durations, processing states.

const pad = (n) => String(n).padStart(2, '0');

function parts(seconds) {
  const s = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  return { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60), s: s % 60 };
}

/** 83.4 → "1:23", 3723 → "1:02:03": a player's clock. */
export function clock(seconds) {
  const { h, m, s } = parts(seconds);
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** 83.4 → "1 minute 23 seconds": what a screen reader says for a position ("1:23" reads badly). */
export function spoken(seconds) {
  const { h, m, s } = parts(seconds);
  const unit = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const words = [];
  if (h) words.push(unit(h, 'hour'));
  if (m) words.push(unit(m, 'minute'));
  if (s || !words.length) words.push(unit(s, 'second'));
  return words.join(' ');
}

/**
 * A video's processing state from the API's `status` and `progress` (percent), as shown next to
 * it: "Processing 42 %". Rounded down so that 99.6 does not already claim 100 %.
 */
export function statusLabel({ status, progress }) {
  const percent = Math.floor(Number(progress) || 0);
  switch (status) {
    case 'uploaded':
      return 'Uploaded';
    case 'processing':
      return `Processing ${percent} %`;
    case 'playable':
      return `Playable, ${percent} % processed`;
    case 'ready':
      return 'Ready';
    case 'failed':
      return 'Failed';
    default:
      return String(status ?? '');
  }
}
