// `npm start`: builds the web app and starts the server (embedded PostgreSQL and demo data
// unless configured otherwise), on Node >= 22.18, provisioned from npm if the system's is older.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reexecUnderSupportedNode } from '../packages/server/bin/node-runtime.mjs';

reexecUnderSupportedNode(fileURLToPath(import.meta.url));

const root = path.resolve(import.meta.dirname, '..');
const build = spawnSync('npm', ['run', 'build', '-w', '@skyddsnat/web'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('The web build failed.');
  process.exit(build.status ?? 1);
}
const server = spawn(process.execPath, [path.join(root, 'packages/server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
