// The quality menu: "Auto" (hls.js picks by bandwidth) or one fixed rendition, as a menu
// button with radio items that works by mouse, touch and keyboard (WAI-ARIA menu button).

import { h } from '../lib/dom.js';

export const AUTO = -1;

/** "720p"; renditions of one height are told apart by bitrate, audio-only ones by bitrate alone. */
function levelName(level, sameHeight) {
  const rate = level.bitrate >= 1e6 ? `${(level.bitrate / 1e6).toFixed(1)} Mbps` : `${Math.round(level.bitrate / 1e3)} kbps`;
  if (!level.height) return rate;
  return sameHeight ? `${level.height}p (${rate})` : `${level.height}p`;
}

/**
 * `onSelect(levelIndex)` with AUTO or an index into hls.levels. Returns
 * `{element, setLevels(hlsLevels), show({auto, selected, playing})}`; `show` takes the indices
 * chosen and playing now.
 */
export function createQualityMenu({ onSelect }) {
  const button = h('button', {
    type: 'button',
    class: 'player-button player-quality-button',
    'aria-haspopup': 'menu',
    'aria-expanded': 'false',
    'aria-controls': 'player-quality-menu',
  });
  const menu = h('div', { class: 'player-menu', id: 'player-quality-menu', role: 'menu', 'aria-label': 'Quality', hidden: true });
  const element = h('div', { class: 'player-quality', hidden: true }, button, menu);

  let names = new Map(); // level index → name
  const items = () => [...menu.querySelectorAll('[role="menuitemradio"]')];

  function open() {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    (items().find((item) => item.getAttribute('aria-checked') === 'true') ?? items()[0])?.focus();
  }

  function close({ refocus }) {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (refocus) button.focus();
  }

  button.addEventListener('click', () => (menu.hidden ? open() : close({ refocus: false })));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      open();
    }
  });

  menu.addEventListener('click', (event) => {
    const item = event.target instanceof Element ? event.target.closest('[role="menuitemradio"]') : null;
    if (!item) return;
    close({ refocus: true });
    onSelect(Number(item.dataset.level));
  });

  menu.addEventListener('keydown', (event) => {
    const all = items();
    const at = all.indexOf(document.activeElement);
    const next = {
      ArrowDown: (at + 1) % all.length,
      ArrowUp: (at - 1 + all.length) % all.length,
      Home: 0,
      End: all.length - 1,
    }[event.key];
    if (next !== undefined) {
      all[next].focus();
    } else if (event.key === 'Escape') {
      close({ refocus: true });
    } else if (event.key === 'Tab') {
      close({ refocus: false });
      return; // let the focus move on
    } else {
      return;
    }
    event.preventDefault();
  });

  // A press anywhere else closes the menu, as menus do.
  document.addEventListener('pointerdown', (event) => {
    if (!element.contains(event.target)) close({ refocus: false });
  });

  return {
    element,

    /** Fills the menu from hls.levels: Auto first, then the highest rendition down. Returns the heights in that order. */
    setLevels(levels) {
      const heights = levels.map((level) => level.height);
      const order = levels.map((level, index) => ({ level, index })).sort((a, b) => b.level.height - a.level.height || b.level.bitrate - a.level.bitrate);
      names = new Map(order.map(({ level, index }) => [index, levelName(level, heights.filter((x) => x === level.height).length > 1)]));
      const item = (index, name) =>
        h('button', { type: 'button', class: 'player-menu-item', role: 'menuitemradio', 'data-level': index, 'aria-checked': 'false', tabindex: -1 }, name);
      menu.replaceChildren(item(AUTO, 'Auto'), ...order.map(({ index }) => item(index, names.get(index))));
      element.hidden = levels.length === 0;
      return order.map(({ level }) => level.height);
    },

    show({ auto, selected, playing }) {
      for (const item of items()) {
        const chosen = auto ? Number(item.dataset.level) === AUTO : Number(item.dataset.level) === selected;
        item.setAttribute('aria-checked', String(chosen));
      }
      const playingName = names.get(playing);
      const label = auto ? (playingName ? `Auto (${playingName})` : 'Auto') : (names.get(selected) ?? 'Auto');
      button.textContent = label;
      button.setAttribute('aria-label', `Quality: ${label}`);
    },
  };
}
