// Makes the README's commands work where the system Node is older than 22.18 (Node 20 here):
// provisions Node 22 from the npm registry (the `node` package) and re-runs the script with it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const MIN = { major: 22, minor: 18 };

export function nodeIsSupported(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > MIN.major || (major === MIN.major && minor >= MIN.minor);
}

/** The bin folder of a provisioned Node 22 (same place as .ci/run uses), installing it once. */
export function provisionNode22() {
  const cache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
  const home = path.join(cache, 'skyddsnat', 'node22');
  const bin = path.join(home, 'node_modules', '.bin');
  if (!existsSync(path.join(bin, 'node'))) {
    console.log(
      `Node ${process.versions.node} is older than ${MIN.major}.${MIN.minor}; installing Node 22 from the npm registry into ${home}`,
    );
    mkdirSync(home, { recursive: true });
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        home,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        'node@22',
      ],
      { stdio: 'inherit' },
    );
  }
  return bin;
}

/** Re-runs the current script under Node 22 when this Node is too old; returns only if it is fine. */
export function reexecUnderSupportedNode(scriptPath) {
  if (nodeIsSupported()) return;
  const bin = provisionNode22();
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
  const result = spawnSync(path.join(bin, 'node'), [scriptPath, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env,
  });
  process.exit(result.status ?? 1);
}
