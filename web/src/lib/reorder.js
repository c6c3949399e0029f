// Drag and drop for a playlist's items. The page's Up and Down buttons do the same without
// scripts; this moves an item in one gesture and saves the new place through the API.

import { api } from './api.js';

/**
 * Makes the items of `list` (`<ol data-reorder-playlist="ID">` of `<li data-video-id>`)
 * draggable. A drop moves the item in the page at once, then asks the server; if the server
 * refuses, the page is reloaded so it shows what is stored.
 */
export function reorderable(list) {
  const playlist = list.dataset.reorderPlaylist;
  let dragged = null;

  list.addEventListener('dragstart', (event) => {
    dragged = event.target.closest('li[data-video-id]');
    if (!dragged) return;
    dragged.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', dragged.dataset.videoId);
  });

  list.addEventListener('dragover', (event) => {
    if (!dragged) return;
    event.preventDefault();
    const over = event.target.closest('li[data-video-id]');
    if (!over || over === dragged) return;
    const { top, height } = over.getBoundingClientRect();
    const after = event.clientY > top + height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });

  list.addEventListener('drop', async (event) => {
    if (!dragged) return;
    event.preventDefault();
    const item = dragged;
    const position = [...list.querySelectorAll('li[data-video-id]')].indexOf(item);
    try {
      await api('PATCH', `/api/v1/playlists/${playlist}/items/${item.dataset.videoId}`, { position });
      refreshButtons(list);
    } catch {
      window.location.reload();
    }
  });

  list.addEventListener('dragend', () => {
    dragged?.classList.remove('dragging');
    dragged = null;
  });
}

/** The first item cannot go up, nor the last down. */
function refreshButtons(list) {
  const items = [...list.querySelectorAll('li[data-video-id]')];
  items.forEach((li, i) => {
    const up = li.querySelector('button[value="up"]');
    const down = li.querySelector('button[value="down"]');
    if (up) up.disabled = i === 0;
    if (down) down.disabled = i === items.length - 1;
  });
}
