#!/usr/bin/env node
// Builds the web front end: `node web/build.mjs --out DIR`.
//
// Bundles the entry points of src/ with esbuild into DIR under content-hashed names, writes a
// gzip and a brotli copy of each next to it (so the server sends precompressed bytes and never
// compresses per request), and writes DIR/manifest.json, which maps each logical asset name to
// its hashed file and its Content-Type. The same sources always give the same bytes, so the
// hashes only change when the content does and browsers may cache the files forever.

import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zlibConstants, brotliCompressSync, gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));

/** What the pages load; each file's name is its key in the manifest. */
const ENTRY_POINTS = [
  './src/site.css', // styles for every page
  './src/site.js', // small enhancements for every page
  './src/player.js', // the watch page's player, with hls.js
  './src/upload.js', // the upload page, with tus-js-client
];

/**
 * hls.js runs its transmuxer in a Web Worker only when told where the worker script is (its ES
 * module build does not inline one). Shipping it as our own same-origin asset keeps the CSP
 * free of `blob:` workers.
 */
const HLS_WORKER = './node_modules/hls.js/dist/hls.worker.js';
const HLS_WORKER_NAME = 'hls-worker';

const CONTENT_TYPES = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Every file name this script writes: stale ones are removed before a new build is written. */
const OWN_OUTPUT = /^(?:manifest\.json|(?:site|player|upload|hls-worker)-[A-Z0-9]+\.(?:css|js)(?:\.gz|\.br)?)$/;

function fail(message) {
  console.error(`build.mjs: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  let out = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') out = argv[++i] ?? null;
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '--help' || arg === '-h') {
      console.error('usage: node build.mjs --out DIR');
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(arg)} (usage: node build.mjs --out DIR)`);
  }
  if (!out) fail('missing --out DIR (usage: node build.mjs --out DIR)');
  return { out: resolve(process.cwd(), out) };
}

async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch (err) {
    fail(`esbuild is not installed (${err.message}); run \`npm ci\` in ${HERE} first`);
  }
}

/** Options shared by both esbuild passes. */
const COMMON = {
  absWorkingDir: HERE,
  bundle: true,
  minify: true,
  target: 'es2020',
  platform: 'browser',
  splitting: false,
  sourcemap: false,
  legalComments: 'none',
  charset: 'utf8',
  entryNames: '[name]-[hash]',
  write: false,
  metafile: true,
  logLevel: 'silent', // errors and warnings are reported by bundle(), once each
};

/** Runs esbuild; returns [{ entry, file, contents }] for the entry points' outputs. */
async function bundle(esbuild, options) {
  let result;
  try {
    result = await esbuild.build({ ...COMMON, ...options });
  } catch (err) {
    const errors = err.errors?.length ? esbuild.formatMessagesSync(err.errors, { kind: 'error' }) : [String(err)];
    fail(`bundling failed:\n${errors.join('\n')}`);
  }
  if (result.warnings.length) {
    console.error(esbuild.formatMessagesSync(result.warnings, { kind: 'warning' }).join('\n'));
  }
  const outputs = result.metafile.outputs;
  return result.outputFiles.map((output) => {
    const key = relative(HERE, output.path).split('\\').join('/');
    const entry = outputs[key]?.entryPoint;
    if (!entry) fail(`esbuild wrote ${key}, which is no entry point's output`);
    return { entry, file: basename(output.path), contents: output.contents };
  });
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`.padStart(10);
}

async function main() {
  const { out } = parseArgs(process.argv.slice(2));
  const esbuild = await loadEsbuild();
  // esbuild names its outputs after a directory even when it writes nothing (write: false).
  const outdir = join(HERE, 'dist');

  // The worker first: the player is built knowing its hashed name.
  const [worker] = await bundle(esbuild, {
    entryPoints: { [HLS_WORKER_NAME]: HLS_WORKER },
    format: 'iife', // a classic worker script, not a module
    outdir,
  });
  const assets = await bundle(esbuild, {
    entryPoints: ENTRY_POINTS,
    format: 'esm',
    outdir,
    // The player asks for the worker next to its own URL (import.meta.url), wherever the
    // server mounts the assets.
    define: { __HLS_WORKER__: JSON.stringify(`./${worker.file}`) },
  });

  // Logical name → hashed file: "player.js" → "player-5LQ2XK7M.js".
  const manifest = {};
  const named = [...assets.map((asset) => [basename(asset.entry), asset]), [`${HLS_WORKER_NAME}.js`, worker]];
  for (const [name, { file }] of named) {
    const ext = file.slice(file.lastIndexOf('.'));
    manifest[name] = { file, type: CONTENT_TYPES[ext] ?? fail(`no content type for ${file}`) };
  }
  for (const path of ENTRY_POINTS) {
    if (!manifest[basename(path)]) fail(`the build produced nothing for ${path}`);
  }

  // Only now that everything built: clear our previous outputs, then write the new ones.
  await mkdir(out, { recursive: true });
  for (const entry of await readdir(out, { withFileTypes: true })) {
    if (entry.isFile() && OWN_OUTPUT.test(entry.name)) await rm(join(out, entry.name));
  }

  named.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, { file, contents }] of named) {
    const gz = gzipSync(contents, { level: 9 });
    const br = brotliCompressSync(contents, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
        [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: contents.length,
      },
    });
    await writeFile(join(out, file), contents);
    await writeFile(join(out, `${file}.gz`), gz);
    await writeFile(join(out, `${file}.br`), br);
    console.error(`${name.padEnd(14)} ${file.padEnd(26)} raw ${kib(contents.length)}  gzip ${kib(gz.length)}  brotli ${kib(br.length)}`);
  }

  const sorted = Object.fromEntries(named.map(([name]) => [name, manifest[name]]));
  await writeFile(join(out, 'manifest.json'), `${JSON.stringify(sorted, null, 2)}\n`);
}

main().catch((err) => fail(err?.stack ?? String(err)));
