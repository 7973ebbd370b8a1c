import { ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';

/**
 * A request about a score that is well-formed JSON but cannot be answered (a malformed or future
 * `asOf`, a what-if option not offered): 422 with field-keyed errors, like the API's other semantic refusals.
 */
export class ScoreInputError extends ValidationFailedError {
  constructor(fields: FieldProblems) {
    super(fields);
    // ValidationFailedError answers 400; the score API's contract says 422 for these (the pages re-render the form either way).
    (this as unknown as { status: number }).status = 422;
  }
}
