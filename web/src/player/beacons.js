// Tells the server how playback went, for the quality and engagement figures: the time from
// pressing play to the first frame, stalls, rendition changes, errors, time actually played
// (overall and per rendition) and which percents of the item were played. Each report carries
// the session's running totals, so a lost or repeated one costs nothing; they go out with
// navigator.sendBeacon at most every few seconds while something changes, and when the page is
// hidden or left. The playback token in the stream's URL is what the server checks.

const EVERY_MS = 10_000;
/** Never sooner than this after the previous report (the server refuses closer ones). */
const MIN_GAP_MS = 3_000;
const BUCKETS = 100;

/** The playback token of a `/play/{token}/{id}/…` URL (the cookie form has none to send). */
export function tokenOf(src) {
  try {
    const parts = new URL(src, window.location.href).pathname.split('/');
    return parts[1] === 'play' && parts[2] && parts[2] !== 'c' ? decodeURIComponent(parts[2]) : null;
  } catch {
    return null;
  }
}

/**
 * Reports on `video` for item `videoId` played from `src`. `rendition()` names what plays now
 * and its bitrate: `{ name, kbps }`. Returns hooks for the player: a rendition change and an
 * error.
 */
export function reportQuality(video, { videoId, src, rendition }) {
  const token = tokenOf(src);
  if (!token || !navigator.sendBeacon) return { switched() {}, failed() {} };
  const url = `/api/v1/videos/${encodeURIComponent(videoId)}/beacons`;
  const session = (crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`).replace(/[^A-Za-z0-9_-]/g, '');
  const totals = { startup_ms: null, watch_ms: 0, rebuffers: 0, rebuffer_ms: 0, switches: 0, errors: 0, renditions: {} };
  const watched = new Uint8Array(BUCKETS);

  let pressedAt = null; // when play was first asked for
  let playingSince = null; // while frames advance
  let stalledSince = null; // while waiting for data after playback started
  let lastSent = 0;
  let lastJson = '';
  let timer = 0;

  const now = () => performance.now();
  const current = () => {
    const { name, kbps } = rendition();
    const key = (name || 'unknown').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32) || 'unknown';
    totals.renditions[key] ??= { watch_ms: 0, rebuffer_ms: 0, kbps: 0 };
    totals.renditions[key].kbps = Math.round(kbps || 0);
    return totals.renditions[key];
  };
  function settle() {
    const t = now();
    if (playingSince != null) {
      const ms = Math.round(t - playingSince);
      totals.watch_ms += ms;
      current().watch_ms += ms;
      playingSince = t;
    }
    if (stalledSince != null) {
      const ms = Math.round(t - stalledSince);
      totals.rebuffer_ms += ms;
      current().rebuffer_ms += ms;
      stalledSince = t;
    }
  }
  let deferred = 0;
  /**
   * Sends the totals if they changed. Too soon after the last report it waits for the gap to
   * pass, unless the page is going away (`final`): then it goes now, and the server keeps it if
   * the gap allows (otherwise the last report stands, a few seconds short).
   */
  function send(final) {
    settle();
    const body = JSON.stringify({ token, session, ...totals, watched: Array.from(watched).join('') });
    const t = now();
    if (body === lastJson) return;
    if (!final && t - lastSent < MIN_GAP_MS) {
      clearTimeout(deferred);
      deferred = setTimeout(() => send(false), MIN_GAP_MS - (t - lastSent));
      return;
    }
    if (navigator.sendBeacon(url, new Blob([body], { type: 'application/json' }))) {
      lastSent = t;
      lastJson = body;
    }
  }

  video.addEventListener('play', () => {
    pressedAt ??= now();
  });
  video.addEventListener('playing', () => {
    settle();
    if (totals.startup_ms == null && pressedAt != null) totals.startup_ms = Math.round(now() - pressedAt);
    if (stalledSince != null) stalledSince = null;
    playingSince = now();
    clearInterval(timer);
    timer = setInterval(() => send(false), EVERY_MS);
  });
  video.addEventListener('waiting', () => {
    settle();
    playingSince = null;
    // A stall is waiting for data once playback has begun, not a seek's own wait.
    if (totals.startup_ms != null && !video.seeking && stalledSince == null) {
      totals.rebuffers += 1;
      stalledSince = now();
    }
  });
  for (const name of ['pause', 'ended', 'seeking']) {
    video.addEventListener(name, () => {
      settle();
      playingSince = null;
      stalledSince = null;
      if (name !== 'seeking') {
        clearInterval(timer);
        send(false);
      }
    });
  }
  // Every percent played is marked, not only those a time update lands in: updates come about
  // four times a second, and a percent of a short item is shorter than that. A jump (a seek)
  // marks only where playback went.
  let lastTime = null;
  const bucketOf = (t) => Math.min(BUCKETS - 1, Math.max(0, Math.floor((t / video.duration) * BUCKETS)));
  video.addEventListener('seeking', () => {
    lastTime = null;
  });
  video.addEventListener('playing', () => {
    lastTime ??= video.currentTime;
  });
  video.addEventListener('timeupdate', () => {
    if (video.paused || video.seeking || !(video.duration > 0)) return;
    const now = video.currentTime;
    const from = lastTime != null && now >= lastTime && now - lastTime <= 2 ? lastTime : now;
    for (let b = bucketOf(from); b <= bucketOf(now); b += 1) watched[b] = 1;
    lastTime = now;
  });
  video.addEventListener('error', () => {
    totals.errors += 1;
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') send(true);
  });
  window.addEventListener('pagehide', () => send(true));

  return {
    /** The rendition changed while playing: what was played so far belongs to the old one. */
    switched(first) {
      settle();
      if (!first) totals.switches += 1;
    },
    /** A playback error the player saw (recovered or not). */
    failed() {
      totals.errors += 1;
    },
  };
}
