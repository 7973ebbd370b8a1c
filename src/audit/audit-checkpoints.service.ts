import { Injectable, Logger } from '@nestjs/common';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { configuredOrGenerated } from '../config/generated-secret.js';
import { AuditService, type AuditVerification } from './audit.service.js';
import { readCheckpoint, signCheckpoint, type Checkpoint, type SignedCheckpoint } from './domain/audit-checkpoint.rules.js';

/**
 * Signed checkpoints of the audit chain, written to files outside the database (and e-mailed to
 * admins by the daily job), and the verification that uses the newest one: the chain checks edits
 * anywhere; the checkpoint catches a log rewound past it.
 */
@Injectable()
export class AuditCheckpoints {
  private readonly logger = new Logger('AuditCheckpoints');
  private key?: string;

  constructor(private readonly audit: AuditService, private readonly config: AppConfig) {}

  private get secret(): string {
    this.key ??= configuredOrGenerated(this.config.AUDIT_KEY, this.config.dataDir, 'audit-key');
    return this.key;
  }

  private get dir(): string {
    return this.config.auditCheckpointDir;
  }

  /** Signs the current head and writes it to a new file; null when the newest checkpoint already covers it. */
  async take(now = new Date()): Promise<SignedCheckpoint | null> {
    const head = await this.audit.head();
    const latest = this.latest();
    if (latest.checkpoint && latest.checkpoint.entryId === head.entryId) return null;
    const signed = signCheckpoint(this.secret, { entryId: head.entryId, hash: head.hash, at: now.toISOString() });
    mkdirSync(this.dir, { recursive: true });
    const file = `checkpoint-${String(head.entryId).padStart(12, '0')}.json`;
    writeFileSync(join(this.dir, file), `${JSON.stringify(signed, null, 2)}\n`, { mode: 0o640 });
    this.logger.log(`audit checkpoint at entry ${head.entryId}: ${file}`);
    return signed;
  }

  /** The newest checkpoint whose signature holds, and how many files were unreadable or forged. */
  latest(): { checkpoint: SignedCheckpoint | null; rejected: string[] } {
    let files: string[];
    try {
      files = readdirSync(this.dir).filter((f) => /^checkpoint-\d+\.json$/.test(f)).sort().reverse();
    } catch {
      return { checkpoint: null, rejected: [] };
    }
    const rejected: string[] = [];
    for (const file of files) {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(readFileSync(join(this.dir, file), 'utf8'));
      } catch {
        parsed = null;
      }
      const checkpoint = readCheckpoint(this.secret, parsed);
      if (checkpoint) return { checkpoint, rejected };
      rejected.push(file);
    }
    return { checkpoint: null, rejected };
  }

  /**
   * Verifies the chain against a checkpoint: the one given (from an admin's e-mail), else the newest
   * signed file. A forged or unreadable newer file is itself a finding.
   */
  async verify(given: Pick<Checkpoint, 'entryId' | 'hash'> | null = null): Promise<AuditVerification & { rejected: string[] }> {
    const { checkpoint, rejected } = given ? { checkpoint: given, rejected: [] } : this.latest();
    const result = await this.audit.verify(checkpoint);
    if (result.ok && rejected.length) return { ok: false, checked: result.checked, brokenAt: null, reason: 'checkpoint', rejected };
    return { ...result, rejected };
  }
}
