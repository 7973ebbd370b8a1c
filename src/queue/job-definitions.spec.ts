import { JOBS, jobRetryPolicy } from './job-definitions.js';

describe('jobRetryPolicy', () => {
  it('takes the first wait of an e-mail send from OUTBOX_BACKOFF_MS, keeping its attempts', () => {
    expect(jobRetryPolicy('outbox.send', { OUTBOX_BACKOFF_MS: 2_000 })).toEqual({ attempts: JOBS['outbox.send'].attempts, backoffMs: 2_000 });
  });
  it('leaves every other job its own rule', () => {
    expect(jobRetryPolicy('cycle.monthEnd', { OUTBOX_BACKOFF_MS: 2_000 })).toEqual(JOBS['cycle.monthEnd']);
  });
});
