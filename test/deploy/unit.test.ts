import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { repoRoot } from '../support/processes.ts';

const UNIT = 'keitaro-notify.service';
const shipped = readFileSync(join(repoRoot, 'deploy', UNIT), 'utf8');
const ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));

/** The unit's settings, each key with its values in order (a key may repeat). */
function settings(unit: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const line of unit.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key, value] = match as unknown as [string, string, string];
    keys.set(key, [...(keys.get(key) ?? []), value]);
  }
  return keys;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * `systemd-analyze verify` on a copy of `unit`, without installing anything. Node is where this
 * machine has it (verify checks that ExecStart's program exists; the unit names
 * /usr/bin/node, where NodeSource and Debian put it). verify exits 0 on an unknown key or a
 * value it cannot parse (it ignores them, and so would systemd): any word from it is a failure.
 */
async function verify(unit: string): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'keitaro-unit-'));
  dirs.push(dir);
  const path = join(dir, UNIT);
  writeFileSync(
    path,
    unit.replace(/^ExecStart=\/usr\/bin\/node /m, `ExecStart=${process.execPath} `),
  );
  try {
    const { stdout, stderr } = await promisify(execFile)(ANALYZE as string, [
      'verify',
      '--man=no',
      path,
    ]);
    const output = `${stdout}${stderr}`.trim();
    return { ok: output === '', output };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? failed.message}`.trim() };
  }
}

describe('deploy/keitaro-notify.service', () => {
  const unit = settings(shipped);
  const one = (key: string) => unit.get(key)?.at(-1);

  it('restarts on failure as a dedicated user, with its data under /var/lib and its settings in /etc', () => {
    expect(one('Restart')).toBe('on-failure');
    expect(one('User')).toBe('keitaro-notify');
    expect(one('StateDirectory')).toBe('keitaro-notify');
    expect(unit.get('Environment')).toContain('DATA_DIR=/var/lib/keitaro-notify');
    expect(one('EnvironmentFile')).toBe('/etc/keitaro-notify.env');
    expect(one('WorkingDirectory')).toBe('/opt/keitaro-notify');
    // The compiled service, not tsx at run time.
    expect(one('ExecStart')).toBe('/usr/bin/node dist/main.js');
  });

  it('stops with SIGTERM and waits a little longer than the service takes to stop by itself', () => {
    const { shutdownTimeoutMs } = parseConfig({});
    expect(one('KillSignal')).toBe('SIGTERM');
    expect(Number(one('TimeoutStopSec')) * 1000).toBeGreaterThan(shutdownTimeoutMs);
  });

  it('is hardened: read-only system, no home, no new privileges, only IP and UNIX sockets', () => {
    for (const [key, value] of [
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'true'],
      ['NoNewPrivileges', 'true'],
      ['PrivateTmp', 'true'],
      ['PrivateDevices', 'true'],
      ['ProtectKernelTunables', 'true'],
      ['ProtectKernelModules', 'true'],
      ['ProtectKernelLogs', 'true'],
      ['RestrictAddressFamilies', 'AF_INET AF_INET6 AF_UNIX'],
    ]) {
      expect(one(key as string), key).toBe(value);
    }
    expect(one('MemoryMax')).toMatch(/^\d+M$/);
  });

  // Named for why it did not run, where systemd-analyze is missing (CI images without systemd).
  describe.skipIf(!ANALYZE)(
    ANALYZE
      ? 'systemd-analyze verify'
      : 'systemd-analyze verify (skipped: systemd-analyze is not installed)',
    () => {
      it('accepts the unit without a word of complaint', { timeout: 30_000 }, async () => {
        expect(await verify(shipped)).toEqual({ ok: true, output: '' });
      });

      it('fails a unit with a misspelt key, a value systemd cannot parse, or a missing program', {
        timeout: 30_000,
      }, async () => {
        const broken = [
          shipped.replace('ProtectSystem=strict', 'ProtectSytem=strict'),
          shipped.replace('Restart=on-failure', 'Restart=sometimes'),
          shipped.replace('ExecStart=/usr/bin/node', 'ExecStart=/usr/bin/no-such-node'),
        ];
        for (const unit of broken) {
          const result = await verify(unit);
          expect(result.ok).toBe(false);
          expect(result.output).not.toBe('');
        }
      });
    },
  );
});
