// The playback speed menu: 0.25× to 2×, remembered per browser like the volume, and stepped
// one notch at a time by the `<` and `>` shortcuts.

import { t } from '../lib/i18n.js';
import { createMenu } from './menu.js';

export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const STORAGE_KEY = 'reel.speed';

/** "1.5×" (in the language's digits). */
const rateName = (rate) => t('web-player-speed-rate', { rate });

/** "1.5×", and "Normal" for 1. */
export function speedName(rate) {
  return rate === 1 ? t('web-player-speed-normal') : rateName(rate);
}

function remembered() {
  try {
    const rate = Number.parseFloat(localStorage.getItem(STORAGE_KEY));
    return SPEEDS.includes(rate) ? rate : 1;
  } catch {
    // Storage can be off (private windows, strict settings): then the speed is not remembered.
    return 1;
  }
}

function remember(rate) {
  try {
    localStorage.setItem(STORAGE_KEY, String(rate));
  } catch {
    // As above.
  }
}

/**
 * The menu for `video`, which starts at the remembered speed. `onChange(rate)` hears every
 * change (to announce it). Returns `{element, step(direction)}`; `step(±1)` moves one notch.
 */
export function createSpeedMenu({ video, onChange }) {
  const menu = createMenu({ id: 'player-speed-menu', name: t('web-player-speed'), className: 'player-speed', onSelect: (value) => set(Number(value)) });
  menu.setItems(SPEEDS.map((rate) => ({ value: rate, text: speedName(rate) })), { minimum: 0 });

  function render() {
    const rate = video.playbackRate;
    menu.check(rate);
    // The spoken name holds the visible one ("1×"), so voice control finds the button by what it shows.
    menu.label(rateName(rate), t('web-player-speed-label', { speed: rateName(rate) }));
  }

  function set(rate) {
    video.playbackRate = rate;
    // A new source resets the rate to the default: keep that one too.
    video.defaultPlaybackRate = rate;
    remember(rate);
    render();
    onChange(rate);
  }

  video.playbackRate = remembered();
  video.defaultPlaybackRate = video.playbackRate;
  video.addEventListener('ratechange', render);
  render();

  return {
    element: menu.element,

    step(direction) {
      const at = SPEEDS.indexOf(video.playbackRate);
      const next = SPEEDS[Math.min(Math.max((at < 0 ? SPEEDS.indexOf(1) : at) + direction, 0), SPEEDS.length - 1)];
      if (next !== video.playbackRate) set(next);
    },
  };
}
