// Test player logic for dash.js: plays the DASH manifest from ?src= and records what happened on
// window.__player, in the shape player.js (hls.js) uses, so the tests read both alike.

(() => {
  'use strict';

  const params = new URLSearchParams(location.search);
  const state = {
    src: params.get('src'),
    errors: [], // every dash.js error event: { type, details, fatal, reason }
    fatal: null, // the first error (dash.js reports only what it cannot recover from), or a setup failure
    cspViolations: [],
    playError: null,
    events: [],
    playlists: [],
    firstPlaying: null, // currentTime at the first 'playing' event
    bufferedStart: null,
  };
  window.__player = state;

  const log = (msg) => {
    state.events.push(`${performance.now().toFixed(0)}ms ${msg}`);
  };

  document.addEventListener('securitypolicyviolation', (e) => {
    state.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
  });

  const video = document.getElementById('video');
  for (const name of ['loadedmetadata', 'canplay', 'playing', 'waiting', 'stalled', 'ended', 'error']) {
    video.addEventListener(name, () => log(`video ${name} t=${video.currentTime.toFixed(2)}`));
  }
  video.addEventListener('canplay', () => {
    if (state.bufferedStart === null && video.buffered.length) state.bufferedStart = video.buffered.start(0);
  });
  video.addEventListener('playing', () => {
    if (state.firstPlaying === null) state.firstPlaying = video.currentTime;
  });

  if (!state.src) {
    state.fatal = { type: 'setup', details: 'no ?src= in the page URL', fatal: true };
    return;
  }
  if (typeof dashjs === 'undefined') {
    state.fatal = { type: 'setup', details: 'dash.js missing', fatal: true };
    return;
  }

  const player = dashjs.MediaPlayer().create();
  window.__dash = player;
  player.on(dashjs.MediaPlayer.events.ERROR, (e) => {
    const err = {
      type: 'dash',
      details: String((e.error && e.error.code) || ''),
      fatal: true,
      reason: (e.error && e.error.message) || '',
    };
    state.errors.push(err);
    log(`dash error ${err.details} ${err.reason}`);
    if (!state.fatal) state.fatal = err;
  });
  player.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, () => log('stream initialized'));
  player.on(dashjs.MediaPlayer.events.QUALITY_CHANGE_RENDERED, (e) => log(`${e.mediaType} quality ${e.newQuality}`));
  player.initialize(video, state.src, true);
})();
