// What both test players (player.js for hls.js, dash-player.js for dash.js) record, on
// window.__player: the page's ?src=, player errors, CSP violations, play() failures, and the
// <video>'s events with when playback first started. window.__log(msg) adds an event.

(() => {
  'use strict';

  const state = {
    src: new URLSearchParams(location.search).get('src'),
    errors: [], // every player error: { type, details, fatal, reason }
    fatal: null, // first fatal error, or a setup failure
    cspViolations: [],
    playError: null,
    events: [],
    playlists: [], // media playlists hls.js loaded, one entry per change: { level, live, type, frags, duration }
    firstPlaying: null, // currentTime at the first 'playing' event
    bufferedStart: null, // where the buffered media began when it could first play (video and audio together)
  };
  window.__player = state;

  const log = (msg) => {
    state.events.push(`${performance.now().toFixed(0)}ms ${msg}`);
  };
  window.__log = log;

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
  if (!state.src) state.fatal = { type: 'setup', details: 'no ?src= in the page URL', fatal: true };
})();
