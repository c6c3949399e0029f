// Test player logic for dash.js: plays the DASH manifest from ?src=; record.js records what
// happened on window.__player, as for player.js (hls.js), so the tests read both alike.

(() => {
  'use strict';

  // record.js set up what the test inspects.
  const state = window.__player;
  const log = window.__log;
  const video = document.getElementById('video');
  if (state.fatal) return;
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
