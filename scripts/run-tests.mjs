// `npm test`: builds the web app the browser journeys need, runs every Vitest suite, and ends
// with one plain summary line ("N passed, N failed").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reexecUnderSupportedNode } from '../packages/server/bin/node-runtime.mjs';

reexecUnderSupportedNode(fileURLToPath(import.meta.url));

const root = path.resolve(import.meta.dirname, '..');
const run = (command, args) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });

const build = run('npm', ['run', 'build', '-w', '@skyddsnat/web']);
if (build.status !== 0) {
  console.error('The web build failed; the browser journeys cannot run.');
  process.exit(build.status ?? 1);
}

const dir = mkdtempSync(path.join(tmpdir(), 'skyddsnat-results-'));
const report = path.join(dir, 'vitest.json');
const extra = process.argv.slice(2);
const tests = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);
let summary = 'no test results were written';
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  summary = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
  if (results.numTotalTests === 0) summary = '0 passed, 0 failed';
} catch (error) {
  console.error(`Could not read the test report: ${error.message}`);
}
rmSync(dir, { recursive: true, force: true });
console.log(`\n${summary}`);
process.exit(tests.status ?? 1);
