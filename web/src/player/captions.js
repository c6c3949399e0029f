// Captions: a menu of the video's text tracks ("Off" and each language), and the cues drawn by
// the player itself, above its controls, rather than by the browser (whose captions the
// controls would cover, and which look different in every browser).
//
// hls.js loads the chosen track's WebVTT segments into a text track of the video; the track is
// kept "hidden" (its cues become active, nothing is drawn) and each cue change is drawn here.
// The choice is remembered per browser by language; without one, the profile's preference
// (captions on, in its language) decides.

import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { remembered } from '../lib/remembered.js';
import { createMenu } from './menu.js';

const OFF = 'off';
const STORE_KEY = 'reel.captions';
const TEXT_KINDS = new Set(['subtitles', 'captions', 'descriptions']);

const choice = remembered(STORE_KEY);

/** The track to start with: the remembered language (or off), else the preference. */
function initialChoice(tracks, preference) {
  const byLanguage = (language) => {
    if (!language) return -1;
    const lower = language.toLowerCase();
    const exact = tracks.findIndex((t) => (t.lang || '').toLowerCase() === lower);
    if (exact >= 0) return exact;
    const primary = lower.split('-')[0];
    return tracks.findIndex((t) => (t.lang || '').toLowerCase().split('-')[0] === primary);
  };
  const stored = choice.get();
  if (stored === OFF) return -1;
  if (stored) {
    const found = byLanguage(stored);
    if (found >= 0) return found;
  }
  if (!preference.on) return -1;
  const preferred = byLanguage(preference.language);
  return preferred >= 0 ? preferred : tracks.length ? 0 : -1;
}

/**
 * `preference`: `{on, language}` from the viewer's profile. Returns `{element, overlay,
 * toggle(), attach(hls)}`; `attach` with hls.js, or with `null` when the browser plays HLS itself.
 */
export function createCaptions({ video, root, preference }) {
  const overlay = h('div', { class: 'player-cues', 'aria-live': 'off' });
  let tracks = []; // [{name, lang}]
  let chosen = -1;
  let lastShown = 0; // the track the `c` shortcut turns back on
  let select = () => {};

  const menu = createMenu({
    id: 'player-captions-menu',
    name: t('web-player-captions'),
    className: 'player-captions',
    onSelect: (value) => {
      const index = value === OFF ? -1 : Number(value);
      choice.set(index < 0 ? OFF : tracks[index]?.lang || OFF);
      choose(index);
    },
  });

  /** The video's text track that shows the chosen one: hls.js names it as the playlist does. */
  function shownTrack() {
    const wanted = tracks[chosen];
    if (!wanted) return null;
    const all = [...video.textTracks].filter((t) => TEXT_KINDS.has(t.kind));
    return all.find((t) => t.mode !== 'disabled' && t.label === wanted.name) ?? all.find((t) => t.label === wanted.name) ?? null;
  }

  function draw() {
    const track = shownTrack();
    const cues = track?.activeCues ? [...track.activeCues] : [];
    overlay.replaceChildren(
      // The browser parses each cue's markup (b, i, u, ruby, voice) into inert nodes.
      ...cues.map((cue) => h('div', { class: 'player-cue' }, h('span', {}, typeof cue.getCueAsHTML === 'function' ? cue.getCueAsHTML() : cue.text))),
    );
    root.dataset.cue = cues.map((cue) => cue.text).join('\n');
  }

  function render() {
    menu.check(chosen < 0 ? OFF : chosen);
    const label = chosen < 0 ? t('web-player-captions-off') : tracks[chosen].name;
    menu.label(t('web-player-captions-button'), t('web-player-captions-label', { name: label }));
    menu.button.classList.toggle('is-on', chosen >= 0);
    root.dataset.captions = chosen < 0 ? OFF : tracks[chosen].lang || tracks[chosen].name;
    draw();
  }

  function choose(index) {
    chosen = index;
    if (index >= 0) lastShown = index;
    select(index);
    render();
  }

  function setTracks(list) {
    tracks = list;
    menu.setItems(
      [{ value: OFF, text: t('web-player-captions-off') }, ...tracks.map((track, i) => ({ value: i, text: track.name, lang: track.lang || undefined }))],
      { minimum: 1 },
    );
    choose(initialChoice(tracks, preference));
  }

  // Each track's cue changes (tracks appear as the playlist is read) redraw the captions.
  const watch = (track) => track.addEventListener('cuechange', draw);
  [...video.textTracks].forEach(watch);
  video.textTracks.addEventListener('addtrack', (event) => watch(event.track));

  return {
    element: menu.element,
    overlay,

    /** The `c` shortcut: captions off, or on again in the track last shown. What it shows now ('Off' or the track's name), or null with no track. */
    toggle() {
      if (!tracks.length) return null;
      const index = chosen >= 0 ? -1 : Math.min(lastShown, tracks.length - 1);
      choice.set(index < 0 ? OFF : tracks[index].lang || OFF);
      choose(index);
      return index < 0 ? t('web-player-captions-off') : tracks[index].name;
    },

    attach(hls, Events) {
      if (hls) {
        // Drawn here, so hls.js keeps the chosen track hidden rather than showing it.
        hls.subtitleDisplay = false;
        select = (index) => {
          hls.subtitleTrack = index;
        };
        hls.on(Events.SUBTITLE_TRACKS_UPDATED, (_event, { subtitleTracks }) => {
          // hls.js picks its own track (none: no track is DEFAULT) right after announcing
          // them, so the viewer's choice is applied once it has.
          queueMicrotask(() => setTracks(subtitleTracks.map((t) => ({ name: t.name, lang: t.lang }))));
        });
        return;
      }
      // The browser's own HLS lists the playlist's tracks itself.
      select = (index) => {
        const wanted = tracks[index];
        for (const t of video.textTracks) {
          if (TEXT_KINDS.has(t.kind)) t.mode = wanted && t.label === wanted.name ? 'hidden' : 'disabled';
        }
      };
      const refresh = () => {
        const list = [...video.textTracks].filter((t) => TEXT_KINDS.has(t.kind)).map((t) => ({ name: t.label, lang: t.language }));
        if (list.length !== tracks.length) setTracks(list);
      };
      video.textTracks.addEventListener('addtrack', refresh);
      video.addEventListener('loadedmetadata', refresh);
    },
  };
}
