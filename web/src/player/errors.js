// The player's messages for a playback that stopped: what happened, and what the viewer can do.

import Hls from 'hls.js';

/** What to tell the viewer when hls.js gives up (`data`: its fatal ERROR event). */
export function describeHlsError(data) {
  if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
    const status = data.response?.code;
    if (status === 401 || status === 403 || status === 410) return 'This playback link has expired. Reload the page to keep watching.';
    return 'The video could not be loaded. Check the connection, then reload the page.';
  }
  if (data.type === Hls.ErrorTypes.MEDIA_ERROR) return 'This browser could not decode the video.';
  return `Playback stopped (${data.details}). Reload the page to try again.`;
}

/** What to tell the viewer when the browser's own HLS fails with `error` (a MediaError). */
export function describeMediaError(error) {
  switch (error?.code) {
    case MediaError.MEDIA_ERR_NETWORK:
      return 'The video could not be loaded. Check the connection, then reload the page.';
    case MediaError.MEDIA_ERR_DECODE:
      return 'This browser could not decode the video.';
    case MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED:
      return 'This browser cannot play this video, or the playback link has expired. Reload the page to try again.';
    default:
      return 'Playback stopped. Reload the page to try again.';
  }
}
