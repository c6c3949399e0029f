// The player's icons: one 24×24 SVG path each, drawn in the text colour.

export const ICONS = {
  play: 'M8 5.1v13.8a.8.8 0 0 0 1.2.7l10.6-6.9a.8.8 0 0 0 0-1.4L9.2 4.4a.8.8 0 0 0-1.2.7z',
  pause: 'M6 5h4v14H6zm8 0h4v14h-4z',
  volume: 'M3 9v6h4l5 5V4L7 9zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z',
  muted: 'M3 9v6h4l5 5V4L7 9zm13.3-.7-1.4 1.4 2.3 2.3-2.3 2.3 1.4 1.4 2.3-2.3 2.3 2.3 1.4-1.4-2.3-2.3 2.3-2.3-1.4-1.4-2.3 2.3z',
  fullscreen: 'M5 5h5v2H7v3H5zm9 0h5v5h-2V7h-3zM5 14h2v3h3v2H5zm12 0h2v5h-5v-2h3z',
  exitFullscreen: 'M8 5h2v5H5V8h3zm6 0h2v3h3v2h-5zM5 14h5v5H8v-3H5zm9 0h5v2h-3v3h-2z',
  chapters: 'M3 5h2v2H3zm4 0h14v2H7zm-4 6h2v2H3zm4 0h14v2H7zm-4 6h2v2H3zm4 0h14v2H7z',
  close: 'M6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z',
  pip: 'M3 5h18v2H3zm0 12h18v2H3zM3 7h2v10H3zm16 0h2v10h-2zm-8 4h7v5h-7z',
  theatre: 'M2 7h20v2H2zm0 8h20v2H2zM2 9h2v6H2zm18 0h2v6h-2z',
  remote: 'M2 17a4 4 0 0 1 4 4H4a2 2 0 0 0-2-2zm0-4a8 8 0 0 1 8 8H8a6 6 0 0 0-6-6zM4 4h17v15h-8v-2h6V6H6v2H4z',
  keyboard: 'M2 6h20v2H2zm0 10h20v2H2zM2 8h2v8H2zm18 0h2v8h-2zM6 10h2v2H6zm4 0h2v2h-2zm4 0h2v2h-2zm-8 3h12v1.5H6z',
};
