// Tells the server how far the viewer got, so the next visit resumes there. Best effort: a lost
// report costs a few seconds of resume position, never playback. (Views are counted from the
// quality reports, once a session has played long enough: see beacons.js.)

const EVERY_MS = 10_000;

/** Reports for `videoId` with the session's `csrf` token. */
export function trackPlayback(video, { videoId, csrf }) {
  const base = `/api/v1/videos/${encodeURIComponent(videoId)}`;
  const send = (method, path, body) =>
    fetch(base + path, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body),
      // Lets the last report outlive the page when the viewer leaves.
      keepalive: true,
      credentials: 'same-origin',
    }).catch(() => {});

  let started = false;
  let lastSent = null;
  let timer = 0;

  function reportPosition() {
    // Before the first play the position is not the viewer's: it would overwrite where they
    // stopped last time with 0.
    if (!started) return;
    const position = Math.round(video.currentTime * 10) / 10;
    if (position === lastSent) return;
    lastSent = position;
    send('PUT', '/progress', { position_s: position });
  }

  video.addEventListener('playing', () => {
    started = true;
    clearInterval(timer);
    timer = setInterval(reportPosition, EVERY_MS);
  });
  for (const name of ['pause', 'ended']) {
    video.addEventListener(name, () => {
      clearInterval(timer);
      reportPosition();
    });
  }
  window.addEventListener('pagehide', reportPosition);
}
