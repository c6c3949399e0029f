// A node:test reporter that writes one line per finished test file's top-level test: its
// seconds, then its file. `scripts/test` passes it beside the spec reporter, and
// `scripts/suite-times` adds the lines up per file for the table of the slowest modules.

import { basename } from 'node:path';

export default async function* times(source) {
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file) {
      const seconds = (event.data.details?.duration_ms ?? 0) / 1000;
      yield `${seconds.toFixed(3)} ${basename(event.data.file)}\n`;
    }
  }
}
