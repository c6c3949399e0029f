// Calls to Reel's JSON API from the pages, with the session cookie and its CSRF token.

import { t } from './i18n.js';

/** The session's CSRF token, which state-changing calls must echo; null when signed out. */
export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content || null;
}

/** A failed API call, carrying the server's own readable message when it sent one. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status; // 0 when the server could not be reached at all
    this.code = code;
  }
}

/**
 * `api('PATCH', '/api/v1/videos/ID', {title})` → the answer's JSON. Throws an ApiError whose
 * message is the `message` of the server's `{code, message}` error body, or a sentence of
 * our own when there is none (a proxy's HTML error page, a dropped connection).
 */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const csrf = csrfToken();
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;

  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', t('web-error-unreachable'));
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    // The status is a code, not a quantity: given as text, it keeps its digits in every language.
    throw new ApiError(response.status, data?.code ?? 'http', data?.message ?? t('web-error-status', { status: String(response.status) }));
  }
  return data;
}
