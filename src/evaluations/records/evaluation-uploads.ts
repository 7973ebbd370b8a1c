import { routeId, UploadInterceptor } from '../../files/upload.interceptor.js';
import { EvaluationsService, MAX_DISPUTE_FILES } from './evaluations.service.js';

/**
 * The uploads of evaluations, one declaration each for the pages and the API. Every access check runs
 * before a byte of the body is read; the service then keeps only what the content says is allowed
 * (a report must be a PDF).
 */

/** The report of a new evaluation (page form): the evaluator must be bound to an accredited institution. */
export const NewReportUpload = UploadInterceptor({
  field: 'report', maxCount: 1, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ principal, get }) => {
    await get(EvaluationsService).actingInstitution(principal);
  },
});

/** A report added later: the evaluation must be the evaluator's institution's and still submitted. */
export const ReportUpload = UploadInterceptor({
  field: 'report', maxCount: 1, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ req, principal, get }) => {
    await get(EvaluationsService).reportable(routeId(req), principal);
  },
});

/** A dispute's files: the evaluation must be the officer's own tenant's and open to a dispute. */
export const DisputeUpload = UploadInterceptor({
  field: 'files', maxCount: MAX_DISPUTE_FILES, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ req, principal, get }) => {
    await get(EvaluationsService).disputable(routeId(req), principal);
  },
});
