// Audio: a menu of the video's audio tracks (languages, commentary, 5.1), shown when there is
// more than one. The choice is remembered per browser by language and label; without one, the
// profile's language picks, else the track the video marks as its default.

import { t } from '../lib/i18n.js';
import { remembered } from '../lib/remembered.js';
import { createMenu } from './menu.js';

const STORE_KEY = 'reel.audio';

const choice = remembered(STORE_KEY);

/** The remembered `{lang, name}`, if one was stored and reads back. */
function rememberedTrack() {
  try {
    const value = JSON.parse(choice.get() || 'null');
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

const primary = (tag) => (tag || '').toLowerCase().split('-')[0];

/** The track to start with, or -1 to keep the default: the remembered one, else the profile's language. */
function initialChoice(tracks, language) {
  const stored = rememberedTrack();
  if (stored) {
    const same = tracks.findIndex((t) => t.lang === stored.lang && t.name === stored.name);
    if (same >= 0) return same;
    const sameLanguage = tracks.findIndex((t) => t.lang && primary(t.lang) === primary(stored.lang));
    if (sameLanguage >= 0) return sameLanguage;
  }
  if (!language || tracks.some((t) => t.isDefault && primary(t.lang) === primary(language))) return -1;
  return tracks.findIndex((t) => t.lang && primary(t.lang) === primary(language));
}

/**
 * `language`: the profile's preferred language, if any. Returns `{element, attach(hls)}`;
 * `attach` with hls.js, or with `null` when the browser plays HLS itself.
 */
export function createAudioMenu({ video, root, language }) {
  let tracks = []; // [{name, lang, isDefault}]
  let chosen = -1;
  let select = () => {};

  const menu = createMenu({
    id: 'player-audio-menu',
    name: t('web-player-audio'),
    className: 'player-audio',
    onSelect: (value) => {
      const index = Number(value);
      const track = tracks[index];
      if (!track) return;
      choice.set(JSON.stringify({ lang: track.lang || '', name: track.name }));
      choose(index);
    },
  });

  function render() {
    menu.check(chosen);
    const track = tracks[chosen];
    // The button shows the track's language code ("FR"), which is data, not a word.
    const shown = track ? (track.lang || track.name).split('-')[0].toUpperCase() : t('web-player-audio');
    menu.label(shown, t('web-player-audio-label', { name: track ? track.name : t('web-player-audio-default') }));
    root.dataset.audio = track ? track.lang || track.name : '';
  }

  function choose(index) {
    if (index === chosen) return;
    chosen = index;
    select(index);
    render();
  }

  function setTracks(list, current) {
    tracks = list;
    chosen = current;
    menu.setItems(tracks.map((t, i) => ({ value: i, text: t.name, lang: t.lang || undefined })), { minimum: 1 });
    render();
    const initial = initialChoice(tracks, language);
    if (initial >= 0) choose(initial);
  }

  return {
    element: menu.element,

    attach(hls, Events) {
      if (hls) {
        select = (index) => {
          hls.audioTrack = index;
        };
        hls.on(Events.AUDIO_TRACKS_UPDATED, (_event, { audioTracks }) => {
          // hls.js starts the default track itself once it has announced them; the viewer's
          // choice is applied after that.
          queueMicrotask(() =>
            setTracks(
              audioTracks.map((t) => ({ name: t.name, lang: t.lang, isDefault: t.default })),
              hls.audioTrack,
            ),
          );
        });
        hls.on(Events.AUDIO_TRACK_SWITCHED, (_event, { id }) => {
          chosen = id;
          render();
        });
        return;
      }
      // The browser's own HLS (Safari) lists the tracks as the video's audioTracks.
      const list = () => [...(video.audioTracks || [])];
      select = (index) => {
        list().forEach((t, i) => {
          t.enabled = i === index;
        });
      };
      video.addEventListener('loadedmetadata', () => {
        const all = list();
        setTracks(
          all.map((t) => ({ name: t.label, lang: t.language, isDefault: t.kind === 'main' })),
          all.findIndex((t) => t.enabled),
        );
      });
    },
  };
}
