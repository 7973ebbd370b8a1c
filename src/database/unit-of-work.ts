import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type AfterCommit = (hook: () => Promise<unknown> | unknown) => void;

/**
 * A database transaction plus work that must happen only once it has committed (enqueueing jobs).
 * After-commit hooks run without delaying the caller and never fail it: a hook that cannot run
 * (Redis down) is logged, and the outbox sweep picks the work up later.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger('UnitOfWork');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager, afterCommit: AfterCommit) => Promise<T>): Promise<T> {
    const hooks: (() => Promise<unknown> | unknown)[] = [];
    const result = await this.dataSource.transaction((manager) => work(manager, (hook) => hooks.push(hook)));
    for (const hook of hooks) {
      void Promise.resolve()
        .then(hook)
        .catch((err: unknown) => this.logger.warn(`after-commit work deferred to the sweep: ${err instanceof Error ? err.message : String(err)}`));
    }
    return result;
  }
}
