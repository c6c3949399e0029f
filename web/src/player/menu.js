// A menu button with radio items (WAI-ARIA menu button) that works by mouse, touch and
// keyboard: the player's quality, captions and audio menus are each one of these.

import { h } from '../lib/dom.js';

/**
 * `onSelect(value)` with the chosen item's value (a string). Returns
 * `{element, button, setItems([{value, text}]), check(value), label(text, spoken)}`.
 */
export function createMenu({ id, name, className, onSelect }) {
  const button = h('button', {
    type: 'button',
    class: `player-button ${className}-button`,
    'aria-haspopup': 'menu',
    'aria-expanded': 'false',
    'aria-controls': id,
  });
  const menu = h('div', { class: 'player-menu', id, role: 'menu', 'aria-label': name, hidden: true });
  const element = h('div', { class: `player-popup ${className}`, hidden: true }, button, menu);
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
    onSelect(item.dataset.value);
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
    button,

    /** Replaces the items; the menu shows only when there is a choice to make. */
    setItems(list, { minimum = 1 } = {}) {
      const item = ({ value, text, lang }) =>
        h('button', { type: 'button', class: 'player-menu-item', role: 'menuitemradio', 'data-value': String(value), 'aria-checked': 'false', tabindex: -1, lang }, text);
      menu.replaceChildren(...list.map(item));
      element.hidden = list.length <= minimum;
    },

    /** Marks the item of `value` as the chosen one. */
    check(value) {
      for (const item of items()) item.setAttribute('aria-checked', String(item.dataset.value === String(value)));
    },

    /** What the button shows, and what it says to a screen reader. */
    label(text, spoken) {
      button.textContent = text;
      button.setAttribute('aria-label', spoken);
    },
  };
}
