import { routeId, UploadInterceptor } from '../../files/upload.interceptor.js';
import { MAX_EVIDENCE_FILES } from './dto/self-report.dto.js';
import { SelfReportsService } from './self-reports.service.js';

/**
 * The uploads of self-reports (field `files`), one declaration each for the pages and the API. Every
 * access check runs before a byte of the body is read; the service then keeps only PDF, JPEG and PNG.
 */

/** A new claim with its evidence: the officer must be bound to a tenant still in the park (403). */
export const NewSelfReportUpload = UploadInterceptor({
  field: 'files', maxCount: MAX_EVIDENCE_FILES, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ principal, get }) => {
    await get(SelfReportsService).actingTenant(principal);
  },
});

/** More evidence: the claim must be the officer's own tenant's (404 otherwise) and still pending (409). */
export const SelfReportEvidenceUpload = UploadInterceptor({
  field: 'files', maxCount: MAX_EVIDENCE_FILES, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ req, principal, get }) => {
    await get(SelfReportsService).ownPending(routeId(req), principal, 'evidence');
  },
});
