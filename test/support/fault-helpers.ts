import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { Redis } from 'ioredis';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { PROJECT_ROOT } from '../../src/common/project-root.js';

/*
 * Fault-injection helpers for the jobs e2e tests and the jobs benchmark: a real SMTP server that can be
 * stopped, restarted on the same port and made to hold a message mid-delivery; a private redis-server
 * child that can be killed and restarted; built worker processes (`node dist/worker.js`) to kill or stop.
 */

/** A free TCP port on 127.0.0.1 (the kernel picks one; it is released again before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a command to completion; resolves with its exit code and combined output. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? PROJECT_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/**
 * Compiles the project into dist/ as `npm run build` does (tsc, then the entry shims), unless dist/
 * is already the build of the current sources (CI builds before the tests: `.ci/run`). A type error
 * elsewhere still emits JavaScript, so only a missing dist/worker.js is fatal; the compiler output
 * is returned for the caller to show.
 */
export async function buildDist(): Promise<string> {
  if (distIsCurrent()) return '';
  const tsc = await run(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
  const shims = await run(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'cli', 'write-entry-shims.js')]);
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'worker.js'))) {
    throw new Error(`the build produced no dist/worker.js:\n${tsc.output}\n${shims.output}`);
  }
  return tsc.code === 0 ? '' : tsc.output;
}

/** dist/ has the entry shims and, for every source a process can load (src/, migrations/), JavaScript newer than it and than tsconfig.json. */
function distIsCurrent(): boolean {
  const dist = join(PROJECT_ROOT, 'dist');
  if (!existsSync(join(dist, 'worker.js')) || !existsSync(join(dist, 'main.js'))) return false;
  const config = statSync(join(PROJECT_ROOT, 'tsconfig.json')).mtimeMs;
  for (const folder of ['src', 'migrations']) {
    for (const entry of readdirSync(join(PROJECT_ROOT, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
      const source = join(entry.parentPath, entry.name);
      const built = statSync(join(dist, relative(PROJECT_ROOT, source)).replace(/\.ts$/, '.js'), { throwIfNoEntry: false });
      if (!built || built.mtimeMs < Math.max(statSync(source).mtimeMs, config)) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// SMTP sink

export interface ReceivedMail {
  messageId: string | null;
  from: string | null;
  to: string[];
  raw: string;
  receivedAt: Date;
}

interface HeldMail {
  mail: ReceivedMail;
  session: SMTPServerSession;
  callback: (err?: Error | null) => void;
}

/** The Message-ID header of a raw message (`<outbox-12@parktrust>`), or null. */
function messageIdOf(raw: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? null;
}

/**
 * A real SMTP server on 127.0.0.1 that records what it accepts. `stop()` closes the port (clients get
 * "connection refused"), `start()` listens again on the same port. With `hold(true)` each message is
 * read but its final answer to DATA is withheld until `release()` (accepted) or `abortHeld()`
 * (refused and the connection dropped), so a sender is caught in the middle of a delivery.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  private holding = false;
  private readonly held: HeldMail[] = [];
  private heldWaiters: (() => void)[] = [];

  private constructor(readonly port: number) {}

  static async start(port?: number): Promise<SmtpSink> {
    const sink = new SmtpSink(port ?? (await freePort()));
    await sink.start();
    return sink;
  }

  get running(): boolean {
    return this.server !== null;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      size: 10 * 1024 * 1024,
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
    server.on('error', () => undefined); // a client that vanishes mid-session is expected here
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.server.once('error', onError);
      server.listen(this.port, '127.0.0.1', () => {
        server.server.off('error', onError);
        resolve();
      });
    });
    this.server = server;
  }

  /** Closes the port and drops every open connection (held messages are refused first). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.abortHeld();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connection of (server as unknown as { connections: Set<{ close(): void }> }).connections) {
      try {
        connection.close();
      } catch {
        // already gone
      }
    }
    await closed;
  }

  hold(on: boolean): void {
    this.holding = on;
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Resolves once at least `count` messages are being held. */
  async waitHeld(count = 1, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.held.length < count) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} held SMTP message(s); ${this.held.length} held`);
      await new Promise<void>((resolve) => {
        this.heldWaiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.held.map((h) => h.mail);
  }

  /** Accepts every held message (it counts as received). */
  release(): void {
    for (const h of this.held.splice(0)) {
      this.received.push(h.mail);
      try {
        h.callback(null);
      } catch {
        // the client went away meanwhile
      }
    }
  }

  /** Refuses every held message with a 451 and drops its connection: nothing is accepted. */
  abortHeld(): void {
    const sessions = new Set<string>();
    for (const h of this.held.splice(0)) {
      sessions.add(h.session.id);
      const err = Object.assign(new Error('aborted by the test'), { responseCode: 451 });
      try {
        h.callback(err);
      } catch {
        // the client went away meanwhile
      }
    }
    if (!this.server || !sessions.size) return;
    for (const connection of (this.server as unknown as { connections: Set<{ session?: { id: string }; close(): void }> }).connections) {
      if (connection.session && sessions.has(connection.session.id)) {
        try {
          connection.close();
        } catch {
          // already gone
        }
      }
    }
  }

  /** Messages accepted with this Message-ID (e.g. `<outbox-12@parktrust>`). */
  count(messageId: string): number {
    return this.received.filter((m) => m.messageId === messageId).length;
  }

  /** Messages accepted for this recipient. */
  countTo(address: string): number {
    return this.received.filter((m) => m.to.includes(address.toLowerCase())).length;
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', () => undefined);
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const envelope = session.envelope;
      const mail: ReceivedMail = {
        messageId: messageIdOf(raw),
        from: envelope.mailFrom ? envelope.mailFrom.address : null,
        to: envelope.rcptTo.map((r) => r.address.toLowerCase()),
        raw,
        receivedAt: new Date(),
      };
      if (this.holding) {
        this.held.push({ mail, session, callback });
        for (const wake of this.heldWaiters.splice(0)) wake();
        return;
      }
      this.received.push(mail);
      callback(null);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// A private redis-server

/**
 * `redis-server` as a child process on its own port, without persistence, so a test can kill it and
 * start it again (empty) on the same port without touching the shared Redis.
 */
export class RedisChild {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(readonly port: number) {}

  static async start(port?: number): Promise<RedisChild> {
    const redis = new RedisChild(port ?? (await freePort()));
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-4000)));
    this.child = child;
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${this.port} exited with ${child.exitCode}:\n${this.output}`);
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        probe.disconnect();
      }
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${this.port}:\n${this.output}`);
      await sleep(50);
    }
  }

  /** Kills the server (SIGKILL: a crash, nothing written) and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }
}

// ---------------------------------------------------------------------------------------------
// Worker processes

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `node dist/worker.js` child process with its output kept for diagnostics. */
export class WorkerChild {
  output = '';
  readonly exited: Promise<WorkerExit>;
  private readonly child: ChildProcess;

  private constructor(env: Record<string, string>, readonly name: string) {
    // Only what the worker needs: nothing of the test runner's own environment leaks into its configuration.
    const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' };
    this.child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'worker.js')], {
      cwd: PROJECT_ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts a worker and resolves once it says it is processing jobs. */
  static async start(env: Record<string, string>, name = 'worker', timeoutMs = 30_000): Promise<WorkerChild> {
    const worker = new WorkerChild(env, name);
    const deadline = Date.now() + timeoutMs;
    while (!/ParkTrust worker started/.test(worker.output)) {
      if (!worker.alive) throw new Error(`${name} exited during start-up (${JSON.stringify(await worker.exited)}):\n${worker.output}`);
      if (Date.now() > deadline) {
        worker.child.kill('SIGKILL');
        throw new Error(`${name} did not start within ${timeoutMs} ms:\n${worker.output}`);
      }
      await sleep(50);
    }
    return worker;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  /** SIGKILLs the worker (if still running) and waits for it to be gone. */
  async kill(): Promise<WorkerExit> {
    this.signal('SIGKILL');
    return this.exited;
  }

  /** The exit, or null if the worker is still running after `timeoutMs`. */
  async exitWithin(timeoutMs: number): Promise<WorkerExit | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    return result;
  }
}
