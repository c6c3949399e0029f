// The quality menu: "Auto" (hls.js picks by bandwidth) or one fixed rendition.

import { formatNumber, t } from '../lib/i18n.js';
import { createMenu } from './menu.js';

export const AUTO = -1;

/** "720p"; renditions of one height are told apart by bitrate, audio-only ones by bitrate alone. */
function levelName(level, sameHeight) {
  const rate =
    level.bitrate >= 1e6
      ? t('web-player-mbps', { rate: formatNumber(level.bitrate / 1e6, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })
      : t('web-player-kbps', { rate: Math.round(level.bitrate / 1e3) });
  if (!level.height) return rate;
  return sameHeight ? `${level.height}p (${rate})` : `${level.height}p`;
}

/**
 * `onSelect(levelIndex)` with AUTO or an index into hls.levels. Returns
 * `{element, setLevels(hlsLevels), show({auto, selected, playing})}`; `show` takes the indices
 * chosen and playing now.
 */
export function createQualityMenu({ onSelect }) {
  const menu = createMenu({ id: 'player-quality-menu', name: t('web-player-quality'), className: 'player-quality', onSelect: (value) => onSelect(Number(value)) });
  let names = new Map(); // level index → name

  return {
    element: menu.element,

    /** Fills the menu from hls.levels: Auto first, then the highest rendition down. Returns the heights in that order. */
    setLevels(levels) {
      const heights = levels.map((level) => level.height);
      const order = levels.map((level, index) => ({ level, index })).sort((a, b) => b.level.height - a.level.height || b.level.bitrate - a.level.bitrate);
      names = new Map(order.map(({ level, index }) => [index, levelName(level, heights.filter((x) => x === level.height).length > 1)]));
      menu.setItems([{ value: AUTO, text: t('web-player-quality-auto') }, ...order.map(({ index }) => ({ value: index, text: names.get(index) }))], { minimum: 1 });
      return order.map(({ level }) => level.height);
    },

    show({ auto, selected, playing }) {
      menu.check(auto ? AUTO : selected);
      const playingName = names.get(playing);
      const autoName = t('web-player-quality-auto');
      const label = auto ? (playingName ? t('web-player-quality-auto-playing', { name: playingName }) : autoName) : (names.get(selected) ?? autoName);
      menu.label(label, t('web-player-quality-label', { name: label }));
    },
  };
}
