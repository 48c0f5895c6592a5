/* global process, console */
// Jest globalSetup of the `reliability` project: the tier runs the real service,
// `node dist/src/main.js`, in child processes, so dist/ must exist and be newer than every source
// file it is built from. Builds once (tsc -p tsconfig.build.json) when it is missing or stale.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const entry = join(root, 'dist', 'src', 'main.js');

const newestSourceMtime = (dir) => {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
};

const builtAt = () => {
  try {
    return statSync(entry).mtimeMs;
  } catch {
    return -1;
  }
};

export default function buildServiceOnce() {
  const sources = Math.max(
    newestSourceMtime(join(root, 'src')),
    newestSourceMtime(join(root, 'scripts')),
    statSync(join(root, 'tsconfig.json')).mtimeMs,
    statSync(join(root, 'tsconfig.build.json')).mtimeMs,
  );
  if (builtAt() >= sources) return;
  console.log('\nreliability: dist/ is missing or stale, building (tsc -p tsconfig.build.json)');
  // tsc's own binary, not `npm run build`: npm's output and lifecycle add nothing here.
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
