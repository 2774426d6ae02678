#!/usr/bin/env node
/**
 * Supply-chain checks of package-lock.json (no dependencies, run by .ci/run and by a test):
 *   - every package comes from https://registry.npmjs.org/ (a `resolved` elsewhere — another registry,
 *     git, a tarball URL, a file path — fails; an entry without `resolved`, as npm writes with
 *     omit-lockfile-registry-resolved, is fetched from the configured registry, which a project
 *     .npmrc must then not change);
 *   - every package has a sha512 integrity hash (npm refuses a tarball that does not match it);
 *   - a package with an install script (hasInstallScript) is listed in package.json "allowScripts";
 *   - the lockfile's root entry asks for the same dependencies as package.json (it is up to date).
 *
 * Usage: node scripts/check-lockfile.mjs [DIR]   (DIR holds package.json and package-lock.json)
 * Exit 0 when every check passes, 1 with one line per problem otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REGISTRY = 'https://registry.npmjs.org/';

/** The problems of the lockfile in `dir`, and a summary of what was checked. */
export function checkLockfile(dir) {
  const problems = [];
  const lockPath = join(dir, 'package-lock.json');
  if (!existsSync(lockPath)) return { problems: ['package-lock.json is missing'], summary: '' };
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const allowed = new Set(
    Object.entries(pkg.allowScripts ?? {})
      .filter(([, v]) => v === true)
      .map(([k]) => k),
  );
  if (!lock.packages || (lock.lockfileVersion ?? 0) < 2)
    return { problems: ['package-lock.json is older than lockfileVersion 2 (run npm install)'], summary: '' };

  const npmrc = join(dir, '.npmrc');
  if (existsSync(npmrc)) {
    for (const line of readFileSync(npmrc, 'utf8').split('\n')) {
      const m = /^\s*(@[^:\s]+:)?registry\s*=\s*(\S+)/.exec(line);
      if (m && m[2].replace(/\/?$/, '/') !== REGISTRY)
        problems.push(`.npmrc sets ${m[1] ?? ''}registry=${m[2]}: packages must come from ${REGISTRY}`);
    }
  }

  const root = lock.packages[''] ?? {};
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const want = pkg[field] ?? {};
    const have = root[field] ?? {};
    for (const name of new Set([...Object.keys(want), ...Object.keys(have)]))
      if (want[name] !== have[name])
        problems.push(
          `${field}.${name}: package.json asks for ${want[name] ?? 'nothing'}, the lockfile for ${have[name] ?? 'nothing'} (run npm install)`,
        );
  }

  let count = 0;
  const scripts = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '') continue;
    count++;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (entry.link) {
      // A workspace package of this repository: no download, nothing to verify.
      if (
        typeof entry.resolved !== 'string' ||
        entry.resolved.startsWith('..') ||
        /^[a-z]+:/i.test(entry.resolved)
      )
        problems.push(`${path}: a link outside the repository (${entry.resolved})`);
      continue;
    }
    if (entry.resolved !== undefined && !String(entry.resolved).startsWith(REGISTRY))
      problems.push(`${path}: resolved outside ${REGISTRY}: ${entry.resolved}`);
    if (entry.resolved === undefined && !/^\d+\.\d+\.\d+(-[\w.-]+)?(\+[\w.-]+)?$/.test(entry.version ?? ''))
      problems.push(`${path}: version ${entry.version} is not a registry version`);
    if (!entry.integrity) problems.push(`${path}: no integrity hash`);
    else if (
      !String(entry.integrity)
        .split(/\s+/)
        .some((h) => h.startsWith('sha512-'))
    )
      problems.push(`${path}: integrity is not sha512 (${String(entry.integrity).split('-')[0]})`);
    if (entry.hasInstallScript) {
      scripts.push(name);
      if (!allowed.has(name))
        problems.push(`${path}: has an install script and is not in package.json "allowScripts"`);
    }
  }
  const summary = `package-lock.json: ${count} packages from ${REGISTRY}, each with a sha512 integrity hash; install scripts: ${scripts.length ? [...new Set(scripts)].join(', ') : 'none'} (allowed in package.json)`;
  return { problems, summary };
}

const invoked = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  const dir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const { problems, summary } = checkLockfile(dir);
  if (problems.length) {
    for (const p of problems) process.stderr.write(`check-lockfile: ${p}\n`);
    process.stderr.write(
      `check-lockfile: ${problems.length} problem(s) in ${join(dir, 'package-lock.json')}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${summary}\n`);
}
