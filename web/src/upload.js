// The upload page. The file goes up the moment it is chosen or dropped, in resumable chunks
// (tus), while the uploader fills in title, description and visibility, which are saved as
// they type. A reload or a dropped connection costs nothing: choosing the same file again
// continues where it stopped. Once uploaded, the page follows the processing until the video
// can be watched.
//
// `data-state` on the form tells where it is: idle → uploading ⇄ paused → processing → ready,
// or failed (the upload, or its processing).

import { Upload, defaultOptions } from 'tus-js-client';
import { api, csrfToken } from './lib/api.js';
import { h } from './lib/dom.js';
import { statusLabel } from './lib/format.js';
import { t, tNodes } from './lib/i18n.js';
import { createMeter, formatBytes, formatRate, formatTimeLeft } from './upload/meter.js';

/**
 * Where this page remembers the unfinished upload, to say so after a reload, and the details
 * the server has for it (`{name, size, percent, fields}`), to show them again.
 */
const MEMORY_KEY = 'reel.upload';
const SAVE_DELAY_MS = 600;
const POLL_MS = 1000;

const form = document.getElementById('upload-form');
if (form) start(form);

function start(form) {
  const byId = (id) => document.getElementById(id);
  const endpoint = form.dataset.endpoint;
  const maxBytes = Number(form.dataset.maxBytes) || Infinity;
  const chunkBytes = Number(form.dataset.chunkBytes) || Infinity;

  const fileInput = byId('file');
  const dropzone = byId('dropzone');
  const resumeHint = byId('resume-hint');
  const statusBox = byId('upload-status');
  const nameText = byId('upload-name');
  const progressBar = byId('upload-progress');
  const percentText = byId('upload-percent');
  const rateText = byId('upload-speed');
  const timeLeftText = byId('upload-eta');
  const pauseButton = byId('pause');
  const resumeButton = byId('resume');
  const processing = byId('processing');
  const processingLabel = processing.querySelector('.status-label');
  const watchLink = byId('watch-link');
  const errorText = byId('upload-error');
  const fields = { title: byId('title'), description: byId('description'), visibility: byId('visibility') };
  // Where "Saved" appears: the template's own, or one made here, after the last field.
  let saveStatus = byId('details-status');
  if (!saveStatus) {
    saveStatus = h('p', { id: 'details-status', class: 'hint', role: 'status' });
    fields.visibility.after(saveStatus);
  }

  let upload = null; // the tus Upload in progress
  let videoId = null; // known once the server has created (or found) the upload
  let unsaved = false; // the fields changed since the server last got them
  let resumed = false; // this upload was begun before a reload
  const meter = createMeter();

  const setState = (state) => {
    form.dataset.state = state;
    // One upload per page: the picker comes back only when there is nothing to lose.
    dropzone.hidden = !(state === 'idle' || state === 'failed');
  };
  setState('idle');

  function showError(text) {
    errorText.textContent = text;
    errorText.hidden = false;
  }

  /** The progress bar, figures and pause/resume: hidden when a file is refused outright. */
  function showTransfer(visible) {
    for (const element of [progressBar, percentText.closest('p'), pauseButton, resumeButton]) element.hidden = !visible;
    if (visible) resumeButton.hidden = true;
  }

  // ---- Remembering an unfinished upload across reloads -----------------------------------

  const memory = {
    read() {
      try {
        return JSON.parse(localStorage.getItem(MEMORY_KEY)) ?? null;
      } catch {
        return null;
      }
    },
    write(record) {
      try {
        localStorage.setItem(MEMORY_KEY, JSON.stringify(record));
      } catch {
        // No storage (private window): the hint after a reload is lost, the upload is not.
      }
    },
    /** Changes some entries of the record, if there is one. */
    update(changes) {
      const record = memory.read();
      if (record) memory.write({ ...record, ...changes });
    },
    forget() {
      try {
        localStorage.removeItem(MEMORY_KEY);
      } catch {
        // As above.
      }
    },
  };

  /** tus-js-client keeps unfinished uploads under `tus::<fingerprint>::…`; the fingerprint ends with the endpoint. */
  async function offerToContinue() {
    let entries = [];
    try {
      entries = await defaultOptions.urlStorage.findAllUploads();
    } catch {
      return;
    }
    const latest = entries
      .filter((entry) => entry.urlStorageKey.includes(`-${endpoint}::`))
      .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime))[0];
    if (!latest || form.dataset.state !== 'idle') return;
    const name = latest.metadata?.filename || t('web-upload-a-file');
    const record = memory.read();
    const known = record && record.name === name && record.size === latest.size;
    const file = h('strong', {}, name);
    resumeHint.replaceChildren(
      ...(known ? tNodes('web-upload-unfinished-percent', { file, percent: record.percent }) : tNodes('web-upload-unfinished', { file })),
    );
    resumeHint.hidden = false;
  }

  // ---- Uploading ---------------------------------------------------------------------------

  async function begin(file) {
    if (!(form.dataset.state === 'idle' || form.dataset.state === 'failed')) return;
    upload = null;
    resumeHint.hidden = true;
    errorText.hidden = true;
    statusBox.hidden = false;
    delete statusBox.dataset.status;
    processing.hidden = true;
    watchLink.hidden = true;
    nameText.textContent = file.name;

    if (file.size > maxBytes) {
      showTransfer(false);
      showError(t('web-upload-too-large', { name: file.name, size: formatBytes(file.size), limit: formatBytes(maxBytes) }));
      setState('idle');
      return;
    }
    showTransfer(true);
    showProgress(0, file.size);

    if (!fields.title.value.trim()) fields.title.value = titleFromFilename(file.name);
    videoId = null;
    resumed = false;
    // The upload's metadata carries the fields as they are now: nothing is left to save.
    unsaved = false;
    clearTimeout(saveTimer);
    const csrf = csrfToken();
    upload = new Upload(file, {
      endpoint,
      chunkSize: chunkBytes,
      retryDelays: [0, 1000, 3000, 5000],
      headers: csrf ? { 'X-CSRF-Token': csrf } : {},
      metadata: { filename: file.name, filetype: file.type, ...fieldValues() },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onUploadUrlAvailable() {
        // The upload's id is its video's id: from here on, edits go to the video.
        videoId = new URL(upload.url, window.location.href).pathname.split('/').filter(Boolean).pop();
        if (resumed) adoptSavedFields();
        else if (unsaved) saveFields();
      },
      onProgress: showProgress,
      onSuccess: finished,
      onError: failed,
    });
    window.reelUpload = upload;
    setState('uploading');

    const previous = await upload.findPreviousUploads().catch(() => []);
    if (previous.length) {
      previous.sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime));
      upload.resumeFromPreviousUpload(previous[0]);
      resumed = true;
    }
    // A new upload is remembered afresh; a resumed one keeps what was saved with it before.
    const remembered = memory.read();
    if (!resumed || remembered?.name !== file.name || remembered?.size !== file.size) {
      memory.write({ name: file.name, size: file.size, percent: 0, fields: fieldValues() });
    }
    meter.reset();
    if (dropzone.contains(document.activeElement) || document.activeElement === document.body) fields.title.focus();
    upload.start();
  }

  let lastFiguresAt = 0;
  function showProgress(sent, total) {
    const percent = total > 0 ? Math.floor((sent / total) * 100) : 0;
    progressBar.value = total > 0 ? (sent / total) * 100 : 0;
    const shown = t('web-upload-percent', { percent });
    if (percentText.textContent !== shown) {
      percentText.textContent = shown;
      if (upload) memory.update({ percent });
    }
    meter.add(sent);
    // Twice a second is as fast as anyone reads, and keeps the numbers from flickering.
    const now = performance.now();
    if (now - lastFiguresAt < 500) return;
    lastFiguresAt = now;
    const rate = meter.rate();
    rateText.textContent = rate === null ? '' : formatRate(rate);
    timeLeftText.textContent = rate ? formatTimeLeft((total - sent) / rate) : '';
  }

  function finished() {
    memory.forget();
    progressBar.value = 100;
    percentText.textContent = t('web-upload-percent', { percent: 100 });
    rateText.textContent = t('web-upload-uploaded');
    timeLeftText.textContent = '';
    pauseButton.hidden = true;
    resumeButton.hidden = true;
    followProcessing();
  }

  function failed(error) {
    setState('failed');
    pauseButton.hidden = true;
    resumeButton.hidden = false;
    rateText.textContent = '';
    timeLeftText.textContent = '';
    showError(describeUploadError(error));
  }

  pauseButton.addEventListener('click', () => {
    if (!upload) return;
    upload.abort();
    setState('paused');
    meter.reset();
    rateText.textContent = t('web-upload-paused');
    timeLeftText.textContent = '';
    pauseButton.hidden = true;
    resumeButton.hidden = false;
    resumeButton.focus();
  });

  resumeButton.addEventListener('click', () => {
    if (!upload) return;
    errorText.hidden = true;
    meter.reset();
    setState('uploading');
    rateText.textContent = '';
    resumeButton.hidden = true;
    pauseButton.hidden = false;
    pauseButton.focus();
    upload.start();
  });

  fileInput.addEventListener('change', () => {
    const [file] = fileInput.files;
    // Cleared, so that choosing the same file again (to continue it) is a change too.
    fileInput.value = '';
    if (file) begin(file);
  });

  // Files dropped anywhere on the page are taken, not opened by the browser in place of it.
  const carriesFiles = (event) => event.dataTransfer?.types.includes('Files');
  document.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dropzone.classList.add('is-dragover');
  });
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) dropzone.classList.remove('is-dragover');
  });
  document.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dropzone.classList.remove('is-dragover');
    const [file] = event.dataTransfer.files;
    if (file) begin(file);
  });

  // ---- Title, description, visibility ------------------------------------------------------

  function fieldValues() {
    return { title: fields.title.value.trim(), description: fields.description.value, visibility: fields.visibility.value };
  }

  let saveTimer = 0;
  let saving = null; // the PATCH in flight
  let saveAgain = false; // edits arrived while it was in flight

  /** Saves the fields to the video now (or after the PATCH in flight, or once the video exists). */
  async function saveFields() {
    clearTimeout(saveTimer);
    if (!videoId) return; // the upload's metadata carries them, or onUploadUrlAvailable saves them
    if (saving) {
      saveAgain = true;
      return;
    }
    unsaved = false;
    saveStatus.classList.remove('is-error');
    saveStatus.textContent = t('web-upload-saving');
    const values = fieldValues();
    saving = api('PATCH', `/api/v1/videos/${encodeURIComponent(videoId)}`, values);
    try {
      await saving;
      saveStatus.textContent = t('web-upload-saved');
      // Until the upload is done (and the record forgotten), for the form after a reload.
      memory.update({ fields: values });
    } catch (err) {
      unsaved = true;
      saveStatus.classList.add('is-error');
      saveStatus.textContent = err.message;
    } finally {
      saving = null;
      if (saveAgain) {
        saveAgain = false;
        saveFields();
      }
    }
  }

  /**
   * After a reload the server already has what was typed before it, and the form only has the
   * file name as a title: show those details instead of overwriting them, unless the fields
   * were edited meanwhile. They come from this page's memory: the API has no video to show
   * until the upload is complete.
   */
  function adoptSavedFields() {
    if (unsaved) {
      saveFields();
      return;
    }
    const saved = memory.read()?.fields;
    if (!saved) return;
    // An empty title is the file name's, which the form has already.
    fields.title.value = saved.title || fields.title.value;
    fields.description.value = saved.description ?? fields.description.value;
    if ([...fields.visibility.options].some((option) => option.value === saved.visibility)) fields.visibility.value = saved.visibility;
  }

  for (const field of Object.values(fields)) {
    field.addEventListener('input', () => {
      unsaved = true;
      // Typing is saved after a pause; a choice in the list at once (by 'change', below).
      clearTimeout(saveTimer);
      if (field !== fields.visibility) saveTimer = setTimeout(saveFields, SAVE_DELAY_MS);
    });
    field.addEventListener('change', () => {
      if (unsaved) saveFields();
    });
  }
  // There is nothing to submit: the file is on its way and the fields save themselves.
  // Enter in the title field saves at once instead of leaving the page.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveFields();
  });

  // ---- Processing --------------------------------------------------------------------------

  async function followProcessing() {
    setState('processing');
    processing.hidden = false;
    processingLabel.textContent = statusLabel({ status: 'uploaded' });
    const path = `/api/v1/videos/${encodeURIComponent(videoId)}`;
    for (;;) {
      let video;
      try {
        video = await api('GET', path);
      } catch (err) {
        if (err.status >= 400 && err.status < 500) {
          showError(err.message);
          setState('failed');
          return;
        }
      }
      if (video) {
        statusBox.dataset.status = video.status;
        processingLabel.textContent = statusLabel(video);
        if (video.status === 'playable' || video.status === 'ready') {
          watchLink.href = `/watch/${encodeURIComponent(videoId)}`;
          watchLink.hidden = false;
        }
        if (video.status === 'ready') {
          setState('ready');
          return;
        }
        if (video.status === 'failed') {
          showError(video.error || t('web-status-processing-failed'));
          resumeButton.hidden = true;
          setState('failed');
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  offerToContinue();
}

/** "Holiday 2024.final.mp4" → "Holiday 2024.final": the title a file name suggests. */
function titleFromFilename(name) {
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).slice(0, 200);
}

/** A tus failure in words: the server's own message when it sent one. */
function describeUploadError(error) {
  const response = error?.originalResponse;
  if (!response) {
    return t('web-upload-error-unreachable');
  }
  let message = null;
  try {
    message = JSON.parse(response.getBody())?.message ?? null;
  } catch {
    // Not our JSON error body (a proxy's page, say).
  }
  // The status is a code, not a quantity: given as text, it keeps its digits in every language.
  return message ?? t('web-upload-error-refused', { status: String(response.getStatus()) });
}
