// Test player logic: plays the HLS URL from ?src= with hls.js; record.js records what happened on window.__player.
// Optional: ?startPosition=<seconds> is passed to hls.js (e.g. 0 to start a live/EVENT playlist at its beginning).

(() => {
  'use strict';

  // record.js set up what the test inspects.
  const state = window.__player;
  const log = window.__log;
  const video = document.getElementById('video');
  const params = new URLSearchParams(location.search);
  if (state.fatal) return;
  if (typeof Hls === 'undefined' || !Hls.isSupported()) {
    state.fatal = { type: 'setup', details: 'hls.js missing or MediaSource unsupported', fatal: true };
    return;
  }

  const config = { debug: false };
  const startPosition = params.get('startPosition');
  if (startPosition !== null && startPosition !== '') {
    config.startPosition = Number(startPosition);
    if (!Number.isFinite(config.startPosition)) {
      state.fatal = { type: 'setup', details: `bad ?startPosition=${startPosition}`, fatal: true };
      return;
    }
  }
  const hls = new Hls(config);
  window.__hls = hls;

  hls.on(Hls.Events.ERROR, (_event, data) => {
    const err = {
      type: data.type,
      details: data.details,
      fatal: Boolean(data.fatal),
      reason: data.reason || (data.error && data.error.message) || (data.response && `HTTP ${data.response.code}`) || '',
      url: (data.frag && data.frag.url) || (data.context && data.context.url) || '',
    };
    state.errors.push(err);
    log(`hls error ${err.type}/${err.details} fatal=${err.fatal}`);
    if (err.fatal && !state.fatal) state.fatal = err;
  });

  hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
    log(`manifest parsed: ${data.levels.length} level(s)`);
    video.play().catch((e) => {
      state.playError = `${e.name}: ${e.message}`;
      log(`play() rejected: ${state.playError}`);
    });
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => log(`level switched to ${data.level}`));
  hls.on(Hls.Events.LEVEL_LOADED, (_event, data) => {
    const d = data.details;
    const entry = { level: data.level, live: d.live, type: d.type, frags: d.fragments.length, duration: d.totalduration };
    // Log only when something changed, so a long live session does not flood the log.
    const prev = state.playlists[state.playlists.length - 1];
    if (!prev || prev.level !== entry.level || prev.frags !== entry.frags || prev.live !== entry.live) {
      state.playlists.push(entry);
      log(`level ${entry.level} loaded: ${entry.type || 'no type'} live=${entry.live} ${entry.frags} frag(s) ${entry.duration.toFixed(1)} s`);
    }
  });

  hls.loadSource(state.src);
  hls.attachMedia(video);
})();
