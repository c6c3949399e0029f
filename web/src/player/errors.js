// The player's messages for a playback that stopped: what happened, and what the viewer can do.

import Hls from 'hls.js';
import { t } from '../lib/i18n.js';

/** What to tell the viewer when hls.js gives up (`data`: its fatal ERROR event). */
export function describeHlsError(data) {
  if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
    const status = data.response?.code;
    if (status === 401 || status === 403 || status === 410) return t('web-player-error-expired');
    return t('web-player-error-network');
  }
  if (data.type === Hls.ErrorTypes.MEDIA_ERROR) return t('web-player-error-decode');
  // hls.js's name for what failed (`manifestParseError`) is for a bug report, not translated.
  return t('web-player-error-stopped-because', { details: String(data.details) });
}

/** What to tell the viewer when the browser's own HLS fails with `error` (a MediaError). */
export function describeMediaError(error) {
  switch (error?.code) {
    case MediaError.MEDIA_ERR_NETWORK:
      return t('web-player-error-network');
    case MediaError.MEDIA_ERR_DECODE:
      return t('web-player-error-decode');
    case MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED:
      return t('web-player-error-unsupported');
    default:
      return t('web-player-error-stopped');
  }
}
