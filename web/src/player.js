// The watch page's player: HLS through hls.js (or the browser's own HLS, as on iPhones) behind
// controls of our own, so that every browser shows the same player: quality, captions and
// speed menus, storyboard previews, picture-in-picture, playing on another device, a theatre
// mode, keyboard shortcuts with their overlay, remembered volume and speed, resume where the
// viewer stopped. State changes are announced to screen readers.
//
// The server renders `<div class="player" id="player" data-…><video class="player-video">`;
// everything else here is built at run time. Without scripts the page says so in <noscript>.

import Hls from 'hls.js';
import { csrfToken } from './lib/api.js';
import { h, icon, isTyping } from './lib/dom.js';
import { clock } from './lib/format.js';
import { t } from './lib/i18n.js';
import { ICONS } from './player/icons.js';
import { AUTO, createQualityMenu } from './player/quality.js';
import { createCaptions } from './player/captions.js';
import { createAudioMenu } from './player/audio.js';
import { createChapters, readChapters } from './player/chapters.js';
import { createSeekBar } from './player/seekbar.js';
import { reportQuality } from './player/beacons.js';
import { trackPlayback } from './player/tracking.js';
import { createSpeedMenu, speedName } from './player/speed.js';
import { createPictureInPicture, createRemotePlayback, createTheatre } from './player/views.js';
import { bindShortcuts } from './player/shortcuts.js';
import { describeHlsError, describeMediaError } from './player/errors.js';
import { keepScreen, refusalOf, showScreens } from './player/screens.js';

const HLS_TYPE = 'application/vnd.apple.mpegurl';
const SEEK_STEP_S = 5;
const LONG_SEEK_STEP_S = 10;
const VOLUME_STEP = 0.05;
/** How long the pointer may rest before the controls fade out during playback. */
const IDLE_MS = 3000;
/** A resume position this close to either end is not worth the note: start from 0. */
const RESUME_MARGIN_START_S = 5;
const RESUME_MARGIN_END_S = 10;

/** The server's data-* attributes, checked and typed. */
function readOptions(root) {
  const data = root.dataset;
  const number = (text) => (text != null && text !== '' && Number.isFinite(Number(text)) ? Number(text) : null);
  let storyboard = null;
  if (data.storyboardUrl && data.storyboard) {
    try {
      const sheet = JSON.parse(data.storyboard);
      const fields = ['interval_s', 'tile_width', 'tile_height', 'columns', 'rows', 'count'];
      if (fields.every((field) => Number(sheet[field]) > 0)) storyboard = { ...sheet, url: data.storyboardUrl };
    } catch {
      // A malformed storyboard only costs the previews.
    }
  }
  return {
    videoId: data.videoId,
    src: data.hls,
    // The playback session this page's token opens on the account (none signed out).
    stream: data.stream || null,
    status: data.status,
    duration: number(data.duration),
    resumeAt: number(data.resumeS),
    canTrack: data.canTrack != null,
    storyboard,
    // What plays next in an album or series played in order: only ever one of our own pages.
    nextUrl: data.nextUrl && data.nextUrl.startsWith('/watch/') ? data.nextUrl : null,
    autoplay: data.autoplay != null,
    // The viewer's preferred starting quality: the highest rendition at or under this height.
    startHeight: number(data.startHeight),
    // The profile's preference: captions on, in this language where the video has it; the
    // audio in this language too, where the video has it.
    captions: { on: data.captionsOn != null, language: data.captionLanguage || null },
    chapters: readChapters(data.chapters),
  };
}

/** The remembered volume: a page-wide preference, so the next video starts as loud as the last. */
const volumePreference = {
  apply(video) {
    try {
      // Both read before either is set: setting one may save both (volumechange).
      const volume = Number.parseFloat(localStorage.getItem('reel.volume'));
      const muted = localStorage.getItem('reel.muted') === '1';
      if (Number.isFinite(volume)) video.volume = Math.min(Math.max(volume, 0), 1);
      video.muted = muted;
    } catch {
      // Storage can be off (private windows, strict settings): then nothing is remembered.
    }
  },
  save(video) {
    try {
      localStorage.setItem('reel.volume', String(video.volume));
      localStorage.setItem('reel.muted', video.muted ? '1' : '0');
    } catch {
      // As above.
    }
  },
};

function start(root, video) {
  const options = readOptions(root);
  const message = h('div', { class: 'player-message', role: 'alert', hidden: true });
  root.append(message);
  const showMessage = (text) => {
    message.textContent = text;
    message.hidden = false;
    root.classList.add('has-error');
  };

  const useHls = Hls.isSupported();
  if (!useHls && !video.canPlayType(HLS_TYPE)) {
    showMessage(t('web-player-unsupported'));
    return;
  }

  // Where playback starts, and what the clock shows until it has started.
  const full = options.duration ?? Infinity;
  const resuming = options.resumeAt > RESUME_MARGIN_START_S && options.resumeAt < full - RESUME_MARGIN_END_S;
  let startAt = resuming ? options.resumeAt : 0;
  let loadStarted = false; // the viewer asked to play: media is being fetched
  let positioned = false; // the video's currentTime is the real position (not 0 before loading)
  const position = () => (positioned ? video.currentTime : startAt);

  // The stream, when hls.js plays it.
  let hls = null;
  let manifestParsed = false;
  let selectedLevel = AUTO; // what the viewer chose in the quality menu
  let playingLevel = -1; // what hls.js plays now

  // ---- Controls ----------------------------------------------------------------------------

  const bigPlay = h('button', { type: 'button', class: 'player-bigplay', 'aria-label': t('web-player-play') }, icon(ICONS.play));
  const spinner = h('div', { class: 'player-spinner', 'aria-hidden': 'true' });
  const playButton = h('button', { type: 'button', class: 'player-button player-play', 'aria-keyshortcuts': 'k' });
  const muteButton = h('button', { type: 'button', class: 'player-button player-mute', 'aria-keyshortcuts': 'm' });
  const volume = h('input', { type: 'range', class: 'player-volume', min: 0, max: 1, step: 0.05, 'aria-label': t('web-player-volume') });
  const currentText = h('span', { class: 'player-current' }, clock(startAt));
  const durationText = h('span', { class: 'player-duration' }, clock(options.duration));
  const fullscreenButton = h('button', { type: 'button', class: 'player-button player-fullscreen', 'aria-keyshortcuts': 'f' });
  const seekBar = createSeekBar({ onSeek: seek, storyboard: options.storyboard, chapters: options.chapters });
  const chapters = createChapters({ chapters: options.chapters, root, onSeek: seek });
  const quality = createQualityMenu({ onSelect: selectLevel });
  const captions = createCaptions({ video, root, preference: options.captions });
  const audio = createAudioMenu({ video, root, language: options.captions.language });
  // What changed, for screen readers (the controls' own labels change too, but silently).
  const announcer = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const announce = (text) => {
    announcer.textContent = text;
  };
  const speed = createSpeedMenu({ video, onChange: (rate) => announce(t('web-player-speed-changed', { speed: speedName(rate) })) });
  const pip = createPictureInPicture({ video, announce });
  const remote = createRemotePlayback({ video, announce });
  const theatre = createTheatre({ root, announce });
  const helpButton = h('button', { type: 'button', class: 'player-button player-help', 'aria-label': t('web-shortcuts-title'), 'aria-keyshortcuts': '?' }, icon(ICONS.keyboard));

  const controls = h(
    'div',
    { class: 'player-controls' },
    seekBar.element,
    h(
      'div',
      { class: 'player-bar' },
      playButton,
      h('div', { class: 'player-sound' }, muteButton, volume),
      h('span', { class: 'player-time' }, currentText, ' / ', durationText),
      chapters.title,
      h('span', { class: 'player-spacer' }),
      chapters.element,
      audio.element,
      captions.element,
      speed.element,
      quality.element,
      helpButton,
      remote.element,
      pip.element,
      theatre.element,
      fullscreenButton,
    ),
  );
  root.append(captions.overlay, spinner, bigPlay, controls, announcer);

  // While transcoding, the playlist grows as renditions are written: say so, until hls.js
  // sees the finished (no longer "live") playlist.
  let badge = null;
  if (options.status === 'playable') {
    badge = h('p', { class: 'player-badge' }, t('web-player-still-processing'));
    root.append(badge);
  }

  if (resuming) {
    const startOver = h('button', { type: 'button', class: 'player-note-action' }, t('web-player-start-over'));
    const dismiss = h('button', { type: 'button', class: 'player-note-close', 'aria-label': t('web-player-dismiss') }, icon(ICONS.close));
    // The space before the button is ours: a catalogue's message cannot end with one.
    const resumedAt = h('span', {}, `${t('web-player-resumed', { time: clock(startAt) })} `);
    const note = h('div', { class: 'player-note', role: 'status' }, resumedAt, startOver, dismiss);
    startOver.addEventListener('click', () => {
      note.remove();
      seek(0);
      playButton.focus();
    });
    dismiss.addEventListener('click', () => {
      note.remove();
      playButton.focus();
    });
    root.append(note);
  }

  // ---- What the controls show ------------------------------------------------------------

  /** The whole video's length: the server's (known before loading, and while transcoding the
   * growing playlist is shorter) or the stream's, whichever is longer. */
  function total() {
    const stream = Number.isFinite(video.duration) ? video.duration : 0;
    return Math.max(options.duration ?? 0, stream);
  }

  /** The buffered range around `time`, as [start, end] seconds. */
  function bufferedAround(time) {
    const ranges = video.buffered;
    for (let i = 0; i < ranges.length; i++) {
      if (ranges.start(i) <= time + 0.5 && ranges.end(i) >= time) return [ranges.start(i), ranges.end(i)];
    }
    return null;
  }

  function renderTime() {
    const current = position();
    const duration = total();
    currentText.textContent = clock(current);
    durationText.textContent = clock(duration);
    seekBar.render({ current, duration, buffered: bufferedAround(current) });
    chapters.render(current);
  }

  function renderPlaying() {
    const playing = !video.paused;
    root.classList.toggle('is-playing', playing);
    playButton.replaceChildren(icon(playing ? ICONS.pause : ICONS.play));
    playButton.setAttribute('aria-label', playing ? t('web-player-pause') : t('web-player-play'));
  }

  function renderSound() {
    const silent = video.muted || video.volume === 0;
    muteButton.replaceChildren(icon(silent ? ICONS.muted : ICONS.volume));
    muteButton.setAttribute('aria-label', silent ? t('web-player-unmute') : t('web-player-mute'));
    volume.value = String(silent ? 0 : video.volume);
    volume.setAttribute('aria-valuetext', t('web-player-percent', { percent: Math.round(silent ? 0 : video.volume * 100) }));
  }

  function renderFullscreen() {
    const on = document.fullscreenElement === root;
    root.classList.toggle('is-fullscreen', on);
    fullscreenButton.replaceChildren(icon(on ? ICONS.exitFullscreen : ICONS.fullscreen));
    fullscreenButton.setAttribute('aria-label', on ? t('web-player-exit-fullscreen') : t('web-player-fullscreen'));
  }

  for (const name of ['timeupdate', 'durationchange', 'progress', 'loadedmetadata', 'seeking', 'emptied']) {
    video.addEventListener(name, renderTime);
  }
  for (const name of ['play', 'pause', 'ended']) video.addEventListener(name, renderPlaying);
  video.addEventListener('playing', () => {
    positioned = true;
    renderTime();
  });
  video.addEventListener('seeked', () => {
    positioned = true;
    renderTime();
  });
  video.addEventListener('volumechange', () => {
    renderSound();
    volumePreference.save(video);
  });
  // A spinner while the video waits for data, not for the viewer.
  video.addEventListener('waiting', () => root.classList.add('is-waiting'));
  for (const name of ['playing', 'pause', 'seeked', 'canplay', 'error']) {
    video.addEventListener(name, () => root.classList.remove('is-waiting'));
  }
  document.addEventListener('fullscreenchange', renderFullscreen);

  // ---- What the viewer does --------------------------------------------------------------

  function play() {
    // Rejections (a pause before playing began, a blocked play) change nothing worth showing;
    // real failures arrive as error events.
    video.play().catch(() => {});
  }

  function togglePlay() {
    if (video.paused || video.ended) play();
    else video.pause();
  }

  /** Seeks within what can be played now (a video still transcoding has not all of it yet). */
  function seek(seconds) {
    const ranges = video.seekable;
    const end = loadStarted && ranges.length ? ranges.end(ranges.length - 1) : total();
    const target = Math.min(Math.max(seconds, 0), end || 0);
    startAt = target;
    // Before the first play nothing is loaded: that moves the starting point instead.
    if (loadStarted) video.currentTime = target;
    renderTime();
  }

  function toggleMute() {
    if (video.muted || video.volume === 0) {
      video.muted = false;
      if (video.volume === 0) video.volume = 0.5;
      announce(t('web-player-sound-on'));
    } else {
      video.muted = true;
      announce(t('web-player-muted'));
    }
  }

  const canFullscreen = Boolean(document.fullscreenEnabled && root.requestFullscreen);
  // iPhones have no full screen for elements, only for the video itself (with native controls).
  const canVideoFullscreen = typeof video.webkitEnterFullscreen === 'function';
  fullscreenButton.hidden = !canFullscreen && !canVideoFullscreen;

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else if (canFullscreen) root.requestFullscreen().catch(() => {});
    else if (canVideoFullscreen) video.webkitEnterFullscreen();
  }

  bigPlay.addEventListener('click', () => {
    play();
    playButton.focus({ preventScroll: true });
  });
  playButton.addEventListener('click', togglePlay);
  video.addEventListener('click', togglePlay);
  video.addEventListener('dblclick', toggleFullscreen);
  muteButton.addEventListener('click', toggleMute);
  fullscreenButton.addEventListener('click', toggleFullscreen);
  volume.addEventListener('input', () => {
    video.volume = Number(volume.value);
    video.muted = video.volume === 0;
  });

  function changeVolume(step) {
    video.muted = false;
    video.volume = Math.min(Math.max(Math.round((video.volume + step) * 100) / 100, 0), 1);
    announce(t('web-player-volume-changed', { percent: Math.round(video.volume * 100) }));
  }

  const shortcuts = bindShortcuts({
    root,
    isTyping,
    onUsed: () => wake(),
    // `shown`: the key caps, one key or two joined by "or" (`either`) or "to" (`range`).
    shortcuts: [
      { keys: ['k', 'K', ' '], shown: { either: ['K', t('web-shortcuts-space')] }, does: t('web-shortcuts-play'), run: togglePlay },
      { keys: ['ArrowLeft', 'ArrowRight'], shown: { either: ['←', '→'] }, does: t('web-shortcuts-seek', { n: SEEK_STEP_S }), run: (key) => seek(position() + (key === 'ArrowLeft' ? -SEEK_STEP_S : SEEK_STEP_S)) },
      { keys: ['j', 'J', 'l', 'L'], shown: { either: ['J', 'L'] }, does: t('web-shortcuts-seek', { n: LONG_SEEK_STEP_S }), run: (key) => seek(position() + (key.toLowerCase() === 'j' ? -LONG_SEEK_STEP_S : LONG_SEEK_STEP_S)) },
      { keys: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], shown: { range: ['0', '9'] }, does: t('web-shortcuts-jump', { from: 0, to: 90 }), run: (key) => seek((total() * Number(key)) / 10) },
      { keys: ['ArrowUp', 'ArrowDown'], shown: { either: ['↑', '↓'] }, does: t('web-shortcuts-volume'), inPlayer: true, run: (key) => changeVolume(key === 'ArrowUp' ? VOLUME_STEP : -VOLUME_STEP) },
      { keys: ['m', 'M'], shown: 'M', does: t('web-shortcuts-mute'), run: toggleMute },
      { keys: ['c', 'C'], shown: 'C', does: t('web-shortcuts-captions'), run: () => {
        const now = captions.toggle();
        if (now) announce(t('web-player-captions-changed', { name: now }));
      } },
      { keys: ['<', '>'], shown: { either: ['<', '>'] }, does: t('web-shortcuts-speed'), run: (key) => speed.step(key === '<' ? -1 : 1) },
      { keys: ['i', 'I'], shown: 'I', does: t('web-shortcuts-pip'), run: () => pip.toggle() },
      { keys: ['t', 'T'], shown: 'T', does: t('web-shortcuts-theatre'), run: () => theatre.toggle() },
      { keys: ['f', 'F'], shown: 'F', does: t('web-shortcuts-fullscreen'), run: toggleFullscreen },
      { keys: [], shown: '?', does: t('web-shortcuts-help'), run: () => {} },
    ],
  });
  helpButton.addEventListener('click', () => shortcuts.open());

  // The controls fade out while the video plays and nobody moves; any movement brings them back.
  let idleTimer = 0;
  function wake() {
    root.classList.remove('is-idle');
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (!video.paused && !seekBar.dragging()) root.classList.add('is-idle');
    }, IDLE_MS);
  }
  for (const name of ['pointermove', 'pointerdown', 'focusin']) root.addEventListener(name, wake);
  video.addEventListener('pause', wake);

  // ---- The stream --------------------------------------------------------------------------

  /** The first play starts the download; until then only the playlist is fetched (preload="none"). */
  function startLoading() {
    if (loadStarted) return;
    loadStarted = true;
    root.classList.add('has-started');
    if (hls && manifestParsed) hls.startLoad(startAt);
    // Otherwise MANIFEST_PARSED starts it; native HLS loads by itself on play().
  }
  video.addEventListener('play', startLoading);

  function renderQuality() {
    if (hls) quality.show({ auto: selectedLevel === AUTO, selected: selectedLevel, playing: playingLevel });
  }

  function selectLevel(level) {
    selectedLevel = level;
    if (!loadStarted) {
      // Nothing buffered to replace: just choose what the first load uses.
      hls.loadLevel = level;
    } else if (level === AUTO) {
      hls.currentLevel = -1;
      hls.loadLevel = -1;
    } else {
      hls.currentLevel = level;
    }
    renderQuality();
  }

  // What plays now, for the quality reports: the rendition's name is its folder in the stream's
  // URLs (`…/720p/index.m3u8`); the browser's own HLS only tells the picture's height.
  const rendition = () => {
    const level = hls?.levels?.[playingLevel];
    if (!level) return { name: video.videoHeight ? `${video.videoHeight}p` : 'unknown', kbps: 0 };
    const uri = String(level.uri ?? level.url ?? '');
    const folder = uri.split('?')[0].split('/').slice(-2, -1)[0];
    return { name: folder || `${level.height}p`, kbps: (level.bitrate || 0) / 1000 };
  };
  const report = options.videoId ? reportQuality(video, { videoId: options.videoId, src: options.src, rendition }) : null;
  const screen = keepScreen(options.stream, {
    ended: () => showMessage(t('web-player-stream-ended')),
    // Requests in flight are dropped rather than refused once the screen has ended.
    leaving: () => hls?.destroy(),
  });
  video.addEventListener('playing', () => screen.start(), { once: true });
  const screensBox = h('div', { class: 'player-message player-screens-box', hidden: true });
  root.append(screensBox);

  if (useHls) {
    hls = new Hls({
      enableWorker: true,
      // Our own copy of hls.js's worker, next to this script (see build.mjs).
      workerPath: new URL(__HLS_WORKER__, import.meta.url).href,
      lowLatencyMode: false,
      backBufferLength: 60,
      // A video still transcoding is an EVENT playlist, which hls.js would join at its live
      // edge: start at the beginning (or the resume point) instead.
      startPosition: startAt,
      autoStartLoad: false,
    });

    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      manifestParsed = true;
      root.dataset.levels = quality.setLevels(hls.levels).join(',');
      if (options.startHeight && selectedLevel === AUTO) {
        const fits = hls.levels.map((l, i) => ({ h: l.height, i })).filter(({ h }) => h && h <= options.startHeight);
        const lowest = hls.levels.reduce((best, l, i) => (l.height < hls.levels[best].height ? i : best), 0);
        selectLevel(fits.length ? fits.reduce((a, b) => (b.h > a.h ? b : a)).i : lowest);
      }
      renderQuality();
      if (loadStarted) hls.startLoad(startAt);
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, (_event, { level }) => {
      // Reported before the change, so the time played so far stays with the old rendition.
      report?.switched(playingLevel < 0);
      playingLevel = level;
      const height = hls.levels[level]?.height;
      if (height) root.dataset.currentHeight = String(height);
      renderQuality();
    });
    hls.on(Hls.Events.LEVEL_UPDATED, (_event, { details }) => {
      if (badge && details.live === false) {
        badge.remove();
        badge = null;
      }
    });

    let recoveredOnce = false;
    hls.on(Hls.Events.ERROR, async (_event, data) => {
      if (!data.fatal) return; // hls.js retries those itself
      report?.failed();
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recoveredOnce) {
        recoveredOnce = true;
        hls.recoverMediaError();
        return;
      }
      // A refusal may say why: one screen too many, or this one stopped from elsewhere.
      const refusal = data.response?.code === 403 ? await refusalOf(data.context?.url ?? data.url ?? data.frag?.url) : null;
      if (refusal?.code === 'too-many-streams') {
        video.pause();
        showScreens(screensBox);
      } else if (refusal?.code === 'stream-ended') {
        showMessage(t('web-player-stream-ended'));
      } else {
        showMessage(describeHlsError(data));
      }
    });

    captions.attach(hls, Hls.Events);
    audio.attach(hls, Hls.Events);
    hls.loadSource(options.src);
    hls.attachMedia(video);
  } else {
    captions.attach(null);
    audio.attach(null);
    video.src = options.src;
    // Safari too would join a growing (EVENT) playlist at its end.
    video.addEventListener('loadedmetadata', () => {
      video.currentTime = startAt;
    }, { once: true });
    video.addEventListener('error', () => showMessage(describeMediaError(video.error)));
  }

  volumePreference.apply(video);
  renderPlaying();
  renderSound();
  renderFullscreen();
  renderTime();

  const csrf = csrfToken();
  if (options.canTrack && csrf && options.videoId) trackPlayback(video, { videoId: options.videoId, csrf });

  // Played in order: the end goes on to the next one, which starts by itself (where the
  // browser allows it; otherwise its play button waits as usual).
  if (options.nextUrl) video.addEventListener('ended', () => window.location.assign(options.nextUrl));
  if (options.autoplay) play();

  window.reelPlayer = { hls, video };
}

const root = document.getElementById('player');
const video = root?.querySelector('video');
if (root && video) start(root, video);
