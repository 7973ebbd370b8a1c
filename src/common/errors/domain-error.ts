/** A field-keyed problem: `{ field: [{ code, message }] }` after translation. */
export interface FieldProblem {
  /** Catalogue key under `errors.`, e.g. `required`, `usccCheck`. */
  code: string;
  params?: Record<string, string | number>;
}
export type FieldProblems = Record<string, FieldProblem[]>;

/**
 * Base of every error the domain raises on purpose. The global filter maps `status` to HTTP and
 * translates `messageKey` with `params`; nothing else of the error reaches the client.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  readonly status = 400;
  constructor(readonly fields: FieldProblems, messageKey = 'errors.validation', params: Record<string, string | number> = {}) {
    super(messageKey, params);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  constructor() {
    super('errors.unauthenticated');
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(messageKey = 'errors.forbidden', params?: Record<string, string | number>) {
    super(messageKey, params);
  }
}

export class CsrfError extends DomainError {
  readonly status = 403;
  constructor() {
    super('errors.csrf');
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(messageKey = 'errors.notFound', params?: Record<string, string | number>) {
    super(messageKey, params);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(messageKey: string, params?: Record<string, string | number>, readonly fields?: FieldProblems) {
    super(messageKey, params);
  }
}

/** An upload over a limit; `fields` says which form field, for the field-keyed `errors` of the response. */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  constructor(params: { limit: string }, readonly fields?: FieldProblems) {
    super('errors.tooLarge', params);
  }
}

/** A file of a type not accepted; `fields` says which form field. */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  constructor(messageKey = 'errors.unsupportedType', params?: Record<string, string | number>, readonly fields?: FieldProblems) {
    super(messageKey, params);
  }
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  constructor(messageKey = 'errors.tooManyRequests', params?: Record<string, string | number>) {
    super(messageKey, params);
  }
}
