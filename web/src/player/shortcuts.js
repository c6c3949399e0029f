// The player's keyboard shortcuts and the overlay that lists them (`?`). One table holds both,
// so the overlay always says what the keys do. They work on the whole page, as on other video
// sites, except while the viewer types; those marked `inPlayer` (the arrow keys up and down,
// which also scroll) only while the focus is in the player.

import { h } from '../lib/dom.js';
import { t, tNodes } from '../lib/i18n.js';

/**
 * `shortcuts`: `[{keys: ['k', 'K', ' '], shown: {either: ['K', 'Space']}, does: 'Play or pause', run(), inPlayer?}]`;
 * `shown` is one key cap, or two as `{either: [a, b]}` ("a or b") or `{range: [a, b]}` ("a to b").
 * Space is left to a focused button or link. `onUsed()` hears every shortcut taken (to show the
 * controls). Returns `{dialog, open()}`.
 */
export function bindShortcuts({ root, shortcuts, onUsed, isTyping }) {
  const close = h('button', { type: 'button', class: 'button player-shortcuts-close' }, t('web-shortcuts-close'));
  const dialog = h(
    'dialog',
    { class: 'player-shortcuts', 'aria-labelledby': 'player-shortcuts-title' },
    h('h2', { id: 'player-shortcuts-title' }, t('web-shortcuts-title')),
    h('dl', {}, ...shortcuts.flatMap(({ shown, does }) => [h('dt', {}, ...keyCaps(shown)), h('dd', {}, does)])),
    close,
  );
  root.append(dialog);
  close.addEventListener('click', () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) {
      const box = dialog.getBoundingClientRect();
      const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) dialog.close();
    }
  });

  function open() {
    if (!dialog.open) dialog.showModal();
  }

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target) || dialog.open) return;
    if (event.key === '?') {
      open();
      event.preventDefault();
      return;
    }
    const shortcut = shortcuts.find((s) => s.keys.includes(event.key));
    if (!shortcut) return;
    const target = event.target instanceof Element ? event.target : null;
    if (shortcut.inPlayer && !root.contains(target)) return;
    // A focused button or link does its own thing with the space bar.
    if (event.key === ' ' && target?.closest('button, a, summary, [role^="menuitem"]')) return;
    shortcut.run(event.key);
    // Also keeps the space bar and the arrows from scrolling the page.
    event.preventDefault();
    onUsed();
  });

  return { dialog, open };
}

/** "K or Space" as key caps: each key in a <kbd>, the words between as the language has them. */
function keyCaps(shown) {
  const kbd = (key) => h('kbd', {}, key);
  if (typeof shown === 'string') return [kbd(shown)];
  const [first, second] = shown.either ?? shown.range;
  return tNodes(shown.either ? 'web-shortcuts-either' : 'web-shortcuts-range', { first: kbd(first), second: kbd(second) });
}
