/**
 * The backup drill, with real processes: the service runs under load (walkers sending events
 * without a pause), a digest of every chain is taken, the store is backed up while events keep
 * arriving, the copy is restored into a fresh place and a new service process starts on it. Then
 * every case's chain must verify there, the digest taken before the backup must still verify, and
 * every event acknowledged before the backup began must be in the copy.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { checkCase, inParallel, listAllCases } from './case-checks.js';
import {
  appointmentOpening,
  appointmentSteps,
  createReliabilityCast,
  ServiceClient,
  type ReliabilityCast,
} from './service-client.js';
import { ServiceProcess } from './service-process.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..', '..');

/** Takes a backup of `sourceUrl` now; later restores it and returns the restored DATABASE_URL. */
export interface BackupMethod {
  backup(sourceUrl: string, workDir: string): Promise<void>;
  restore(workDir: string): Promise<{ url: string; drop(): Promise<void> }>;
}

/** `npm run backup`'s program (dist/scripts/backup.js), then a copy of the file into a fresh folder. */
export const sqliteBackupMethod: BackupMethod = {
  backup: async (sourceUrl, workDir) => {
    await run(
      process.execPath,
      [join(root, 'dist', 'scripts', 'backup.js'), join(workDir, 'backup.sqlite')],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: sourceUrl },
      },
    );
    // The signing key is backed up apart from the database (README, SIGNING_KEY_FILE): without
    // it the restored service would sign with a new key and earlier digests would name another.
    await copyFile(
      join(dirname(sourceUrl.slice('sqlite:'.length)), 'signing-key.pem'),
      join(workDir, 'signing-key.pem'),
    );
  },
  restore: async (workDir) => {
    const fresh = await mkdtemp(join(tmpdir(), 'cadreflow-restored-'));
    await copyFile(join(workDir, 'backup.sqlite'), join(fresh, 'cadreflow.sqlite'));
    await copyFile(join(workDir, 'signing-key.pem'), join(fresh, 'signing-key.pem'));
    return {
      url: `sqlite:${join(fresh, 'cadreflow.sqlite')}`,
      drop: () => rm(fresh, { recursive: true, force: true }),
    };
  },
};

export interface DrillReport {
  cases: number;
  historyEntries: number;
  eventsBeforeBackup: number;
  /** Events acknowledged while the backup ran: > 0 shows it was taken under load. */
  eventsDuringBackup: number;
  backupMs: number;
  digestCases: number;
  digestVerification: unknown;
  problems: string[];
}

interface Ack {
  caseId: string;
  revision: number;
  at: number;
}

export const runBackupDrill = async (options: {
  databaseUrl: string;
  method: BackupMethod;
  walkers: number;
  warmUpMs: number;
}): Promise<DrillReport> => {
  const adminToken = `cf_drill_${Math.random().toString(36).slice(2)}${Date.now()}`;
  const live = await ServiceProcess.create({
    databaseUrl: options.databaseUrl,
    adminToken,
    deadlinePollMs: 0,
  });
  const workDir = await mkdtemp(join(tmpdir(), 'cadreflow-backup-'));
  const problems: string[] = [];
  const acks: Ack[] = [];
  let restored: { url: string; drop(): Promise<void> } | undefined;
  let copy: ServiceProcess | undefined;
  try {
    await live.start();
    const client = new ServiceClient([live.baseUrl]);
    const cast: ReliabilityCast = await createReliabilityCast(client, adminToken);
    let stop = false;
    const walker = async () => {
      while (!stop) {
        const opened = await client.expect<{ id: string; revision: number }>(
          201,
          'POST',
          '/api/cases',
          { token: cast.clerk.token, body: appointmentOpening },
        );
        acks.push({ caseId: opened.id, revision: opened.revision, at: Date.now() });
        for (const step of appointmentSteps(cast)) {
          if (stop) return;
          const view = await client.expect<{ revision: number }>(
            200,
            'POST',
            `/api/cases/${opened.id}/events`,
            { token: step.by.token, body: { type: step.type, payload: step.payload } },
          );
          acks.push({ caseId: opened.id, revision: view.revision, at: Date.now() });
        }
      }
    };
    const load = Promise.all(Array.from({ length: options.walkers }, walker));
    await new Promise((resolve) => setTimeout(resolve, options.warmUpMs));

    const digest = await client.expect<{ cases: number }>(200, 'GET', '/api/audit/digest', {
      token: cast.auditor.token,
    });
    const backupStarted = Date.now();
    const ackedBefore = acks.length;
    await options.method.backup(options.databaseUrl, workDir);
    const backupEnded = Date.now();
    const eventsDuringBackup = acks.filter(
      (ack) => ack.at > backupStarted && ack.at < backupEnded,
    ).length;
    // A little more load after the backup, so the copy is not simply the final state.
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await load;
    await live.stop();
    problems.push(...client.stats.serverErrors.map((e) => `live service: ${JSON.stringify(e)}`));

    // The highest revision of each case acknowledged before the backup began.
    const acknowledged = new Map<string, number>();
    for (const ack of acks) {
      if (ack.at >= backupStarted) continue;
      acknowledged.set(ack.caseId, Math.max(acknowledged.get(ack.caseId) ?? 0, ack.revision));
    }

    restored = await options.method.restore(workDir);
    copy = await ServiceProcess.create({
      databaseUrl: restored.url,
      adminToken,
      deadlinePollMs: 0,
    });
    await copy.start();
    const onCopy = new ServiceClient([copy.baseUrl]);
    const token = cast.auditor.token;
    const cases = await listAllCases(onCopy, token);
    const revisions = new Map(cases.map((c) => [c.id, c.revision]));
    for (const [caseId, revision] of acknowledged) {
      const kept = revisions.get(caseId);
      if (kept === undefined || kept < revision) {
        problems.push(
          `case ${caseId}: revision ${revision} acknowledged before the backup, ${kept ?? 'no case'} in the copy`,
        );
      }
    }
    const checked = await inParallel(cases, 4, (c) => checkCase(onCopy, token, c.id));
    for (const { problems: found } of checked) problems.push(...found);
    const digestVerification = await onCopy.expect<{ valid: boolean }>(
      200,
      'POST',
      '/api/audit/digest/verify',
      { token, body: digest },
    );
    if (!digestVerification.valid) {
      problems.push(
        `the digest taken before the backup does not verify on the copy: ${JSON.stringify(digestVerification)}`,
      );
    }
    // The restored service is a working service: a clerk opens a case on it.
    await onCopy.expect(201, 'POST', '/api/cases', {
      token: cast.clerk.token,
      body: appointmentOpening,
    });
    problems.push(
      ...onCopy.stats.serverErrors.map((e) => `restored service: ${JSON.stringify(e)}`),
    );
    return {
      cases: cases.length,
      historyEntries: checked.reduce((sum, c) => sum + c.checked.history.length, 0),
      eventsBeforeBackup: ackedBefore,
      eventsDuringBackup,
      backupMs: backupEnded - backupStarted,
      digestCases: digest.cases,
      digestVerification,
      problems,
    };
  } finally {
    await live.stop();
    await copy?.stop();
    await restored?.drop();
    await rm(workDir, { recursive: true, force: true });
  }
};
