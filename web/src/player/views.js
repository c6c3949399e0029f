// Other ways to watch: picture-in-picture, playing on another device (the Remote Playback API,
// or AirPlay in Safari) and the theatre mode, which widens the player over the page's side
// column and is remembered per browser. Each button shows only where the browser can do it.

import { h, icon } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { ICONS } from './icons.js';

const THEATRE_KEY = 'reel.theatre';

function toggleButton(className, shortcut, iconPath) {
  return h('button', { type: 'button', class: `player-button ${className}`, 'aria-pressed': 'false', 'aria-keyshortcuts': shortcut }, icon(iconPath));
}

/**
 * The picture-in-picture button for `video`; `announce(text)` says what changed. Returns
 * `{element, toggle()}`.
 */
export function createPictureInPicture({ video, announce }) {
  const button = toggleButton('player-pip', 'i', ICONS.pip);
  const supported = Boolean(document.pictureInPictureEnabled) && !video.disablePictureInPicture && typeof video.requestPictureInPicture === 'function';
  button.hidden = !supported;

  function render() {
    const on = document.pictureInPictureElement === video;
    button.setAttribute('aria-pressed', String(on));
    button.setAttribute('aria-label', on ? t('web-player-pip-exit') : t('web-player-pip'));
  }

  function toggle() {
    if (!supported) return;
    if (document.pictureInPictureElement === video) document.exitPictureInPicture().catch(() => {});
    // Refused before the video has a picture, or without a recent gesture: nothing to undo.
    else video.requestPictureInPicture().catch(() => {});
  }

  video.addEventListener('enterpictureinpicture', () => {
    render();
    announce(t('web-player-pip-on'));
  });
  video.addEventListener('leavepictureinpicture', () => {
    render();
    announce(t('web-player-pip-off'));
  });
  button.addEventListener('click', toggle);
  render();
  return { element: button, toggle };
}

/**
 * The button that plays `video` on another device, where one is there to play on: the Remote
 * Playback API's picker, or Safari's AirPlay picker. Returns `{element}`.
 */
export function createRemotePlayback({ video, announce }) {
  const button = h('button', { type: 'button', class: 'player-button player-remote', 'aria-label': t('web-player-remote'), hidden: true }, icon(ICONS.remote));

  if (typeof video.webkitShowPlaybackTargetPicker === 'function' && window.WebKitPlaybackTargetAvailabilityEvent) {
    video.addEventListener('webkitplaybacktargetavailabilitychanged', (event) => {
      button.hidden = event.availability !== 'available';
    });
    button.addEventListener('click', () => video.webkitShowPlaybackTargetPicker());
  } else if (video.remote && typeof video.remote.watchAvailability === 'function') {
    // Browsers that cannot send this stream (Media Source Extensions) reject: the button stays hidden.
    video.remote
      .watchAvailability((available) => {
        button.hidden = !available;
      })
      .catch(() => {});
    button.addEventListener('click', () => video.remote.prompt().catch(() => {}));
    for (const [name, text] of [
      ['connect', t('web-player-remote-on')],
      ['disconnect', t('web-player-remote-off')],
    ]) {
      video.remote.addEventListener(name, () => announce(text));
    }
  }
  return { element: button };
}

/**
 * The theatre button: the page's `.watch-layout` gets `is-theatre`, so the player spans the
 * page and the side column moves below. Returns `{element, toggle()}`.
 */
export function createTheatre({ root, announce }) {
  const layout = root.closest('.watch-layout');
  const button = toggleButton('player-theatre', 't', ICONS.theatre);
  button.hidden = !layout;

  function set(on, { say }) {
    layout?.classList.toggle('is-theatre', on);
    button.setAttribute('aria-pressed', String(on));
    button.setAttribute('aria-label', on ? t('web-player-theatre-exit') : t('web-player-theatre'));
    try {
      localStorage.setItem(THEATRE_KEY, on ? '1' : '0');
    } catch {
      // Storage off: the mode lasts as long as the page.
    }
    if (say) announce(on ? t('web-player-theatre-on') : t('web-player-theatre-off'));
  }

  function toggle() {
    if (layout) set(!layout.classList.contains('is-theatre'), { say: true });
  }

  let remembered = false;
  try {
    remembered = localStorage.getItem(THEATRE_KEY) === '1';
  } catch {
    // As above.
  }
  set(remembered, { say: false });
  button.addEventListener('click', toggle);
  return { element: button, toggle };
}
