/**
 * Supply chain: scripts/check-lockfile.mjs passes on the repository's committed lockfile and fails on
 * lockfiles with a package from elsewhere, without an integrity hash, with a weak hash, with an install
 * script nobody allowed, behind another registry, or out of date; scripts/audit-prod.mjs fails on high
 * or critical advisories only, and tells an unreachable advisory database apart.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'scripts', 'check-lockfile.mjs');
const audit = join(root, 'scripts', 'audit-prod.mjs');
const run = (file: string, args: string[]) => {
  const r = spawnSync(process.execPath, [file, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const PKG = {
  name: 'x',
  version: '1.0.0',
  dependencies: { a: '^1.0.0', b: '^2.0.0' },
  allowScripts: { b: true },
};
const entry = (name: string, version: string) => ({
  version,
  resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
  integrity: 'sha512-AAAA',
});
const LOCK = {
  name: 'x',
  version: '1.0.0',
  lockfileVersion: 3,
  packages: {
    '': { name: 'x', version: '1.0.0', dependencies: PKG.dependencies },
    'node_modules/a': entry('a', '1.2.3'),
    'node_modules/b': { ...entry('b', '2.0.0'), hasInstallScript: true },
    // As npm writes it with omit-lockfile-registry-resolved: no `resolved`.
    'node_modules/a/node_modules/c': { version: '3.0.0', integrity: 'sha512-BBBB' },
  },
};

describe('check-lockfile', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const project = (mutate: (lock: any, pkg: any) => void, npmrc?: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'marsad-lock-'));
    dirs.push(dir);
    const lock = structuredClone(LOCK) as any;
    const pkg = structuredClone(PKG) as any;
    mutate(lock, pkg);
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock));
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
    if (npmrc !== undefined) writeFileSync(join(dir, '.npmrc'), npmrc);
    return dir;
  };

  it("passes on the repository's lockfile, which is committed", () => {
    const r = run(script, [root]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^package-lock\.json: \d+ packages from https:\/\/registry\.npmjs\.org\/.*better-sqlite3/,
    );
    expect(
      execFileSync('git', ['ls-files', 'package-lock.json'], { cwd: root, encoding: 'utf8' }).trim(),
    ).toBe('package-lock.json');
    // The only package with an install script is allowed by name.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.allowScripts).toEqual({ 'better-sqlite3': true });
  });

  it('passes on a clean lockfile', () => {
    expect(run(script, [project(() => undefined)]).code).toBe(0);
  });

  const cases: Array<[string, (lock: any, pkg: any) => void, RegExp, string?]> = [
    [
      'another registry',
      (l) => (l.packages['node_modules/a'].resolved = 'https://registry.evil.example/a/-/a-1.2.3.tgz'),
      /node_modules\/a: resolved outside https:\/\/registry\.npmjs\.org\//,
    ],
    [
      'a git dependency',
      (l) => (l.packages['node_modules/a'].resolved = 'git+ssh://git@github.com/x/a.git#abc'),
      /resolved outside/,
    ],
    [
      'plain http to the right host',
      (l) => (l.packages['node_modules/a'].resolved = 'http://registry.npmjs.org/a/-/a-1.2.3.tgz'),
      /resolved outside/,
    ],
    [
      'no integrity',
      (l) => delete l.packages['node_modules/a'].integrity,
      /node_modules\/a: no integrity hash/,
    ],
    [
      'a sha1 integrity',
      (l) => (l.packages['node_modules/a'].integrity = 'sha1-AAAA'),
      /integrity is not sha512/,
    ],
    [
      'an install script not allowed',
      (l) => (l.packages['node_modules/a'].hasInstallScript = true),
      /node_modules\/a: has an install script and is not in package.json "allowScripts"/,
    ],
    ['allowScripts withdrawn', (_l, p) => delete p.allowScripts, /node_modules\/b: has an install script/],
    [
      'a file dependency without resolved',
      (l) => (l.packages['node_modules/a/node_modules/c'].version = 'file:../c'),
      /is not a registry version/,
    ],
    [
      'an out-of-date lockfile',
      (_l, p) => (p.dependencies.d = '^1.0.0'),
      /dependencies\.d: package\.json asks for \^1\.0\.0, the lockfile for nothing/,
    ],
    [
      'another registry in .npmrc',
      () => undefined,
      /\.npmrc sets registry=https:\/\/mirror\.example/,
      'registry=https://mirror.example/\n',
    ],
  ];
  it.each(cases)('fails on %s', (_name, mutate, message, npmrc) => {
    const r = run(script, [project(mutate, npmrc)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('audit-prod', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marsad-audit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const report = (name: string, body: unknown) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(body));
    return file;
  };
  const metadata = (v: Record<string, number>) => ({
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...v, total: 1 } },
  });

  it('tells an unreachable advisory database (405 on the bulk endpoint) from a clean report', () => {
    const blocked = report('blocked', {
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    const r = run(audit, ['--report', blocked]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/NOTICE: npm audit skipped: the advisory database could not be reached: 405/);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect(run(audit, ['--report', empty]).stderr).toMatch(/NOTICE/);
  });

  it('fails on high or critical advisories, not on moderate ones', () => {
    const moderate = report('moderate', {
      auditReportVersion: 2,
      vulnerabilities: { x: { severity: 'moderate', via: ['y'] } },
      ...metadata({ moderate: 1 }),
    });
    const r1 = run(audit, ['--report', moderate]);
    expect([r1.code, r1.stdout]).toEqual([0, expect.stringMatching(/no high or critical advisories/)]);
    for (const severity of ['high', 'critical']) {
      const bad = report(severity, {
        auditReportVersion: 2,
        vulnerabilities: {
          hono: {
            severity,
            via: [{ title: 'Path traversal', url: 'https://github.com/advisories/GHSA-x' }],
            fixAvailable: true,
          },
        },
        ...metadata({ [severity]: 1 }),
      });
      const r = run(audit, ['--report', bad]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`hono (${severity}): Path traversal https://github.com/advisories/GHSA-x`);
    }
  });
});
