// Parses each Mermaid file named on the command line with mermaid's own parser (the one GitHub's
// renderer runs), under a jsdom window since mermaid needs a DOM even to parse. Prints one line per
// file, "ok FILE TYPE" or "FAIL FILE MESSAGE"; exits 1 when any failed.
// MERMAID_DIR names a folder whose node_modules holds mermaid and jsdom (see .ci/run).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(join(process.env.MERMAID_DIR, 'package.json'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(pathToFileURL(require.resolve('mermaid')).href);
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(`ok ${file} ${result.diagramType}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file} ${String(e.message || e).replace(/\n/g, ' | ')}`);
  }
}
process.exit(failed ? 1 : 0);
