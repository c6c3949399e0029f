// Chapters: the video's named parts, as the page lists them (`[{start_s, title}]`): a menu
// that jumps to one, and the title of the part playing beside the clock. The seek bar draws
// where each begins (see seekbar.js).

import { h, icon } from '../lib/dom.js';
import { clock } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { ICONS } from './icons.js';
import { createMenu } from './menu.js';

/** Reads the page's list: well-formed entries only, in order of start. */
export function readChapters(json) {
  let list;
  try {
    list = JSON.parse(json || '[]');
  } catch {
    return []; // a malformed list only costs the chapters
  }
  if (!Array.isArray(list)) return [];
  return list
    .filter((c) => c && Number.isFinite(c.start_s) && c.start_s >= 0 && typeof c.title === 'string')
    .map((c) => ({ start_s: c.start_s, title: c.title }))
    .sort((a, b) => a.start_s - b.start_s);
}

/** The index of the chapter playing at `seconds` (the last to start at or before it), or -1. */
export function chapterAt(chapters, seconds) {
  let at = -1;
  for (let i = 0; i < chapters.length && chapters[i].start_s <= seconds; i++) at = i;
  return at;
}

/**
 * `chapters` as `readChapters` gives them; `onSeek(seconds)` jumps. Returns `{element, title,
 * render(seconds)}`: the menu, the current chapter's title, and what follows the position.
 */
export function createChapters({ chapters, root, onSeek }) {
  const title = h('span', { class: 'player-chapter', hidden: chapters.length === 0 });
  const menu = createMenu({
    id: 'player-chapters-menu',
    name: t('web-player-chapters'),
    className: 'player-chapters',
    onSelect: (value) => {
      const chapter = chapters[Number(value)];
      if (chapter) onSeek(chapter.start_s);
    },
  });
  menu.setItems(
    chapters.map((c, i) => ({ value: i, text: `${clock(c.start_s)}  ${c.title}` })),
    { minimum: 0 },
  );
  menu.button.replaceChildren(icon(ICONS.chapters));
  menu.button.setAttribute('aria-label', t('web-player-chapters'));

  let current = null;
  return {
    element: menu.element,
    title,
    render(seconds) {
      const at = chapterAt(chapters, seconds);
      if (at === current) return;
      current = at;
      menu.check(at);
      const name = at >= 0 ? chapters[at].title : '';
      title.textContent = name;
      root.dataset.chapter = name;
    },
  };
}
