import { routeId, UploadInterceptor } from '../../files/upload.interceptor.js';
import { MAX_REPAIR_FILES } from './dto/repair.dto.js';
import { RepairsService } from './repairs.service.js';

/**
 * The uploads of credit repair (field `files`: rectification evidence), one declaration each for the
 * pages and the API. Every access check runs before a byte of the body is read; the service then
 * keeps only PDF, JPEG and PNG.
 */

/** A new application: the officer must be bound to a tenant still in the park (403). */
export const NewRepairUpload = UploadInterceptor({
  field: 'files', maxCount: MAX_REPAIR_FILES, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ principal, get }) => {
    await get(RepairsService).actingTenant(principal);
  },
});

/** More evidence: the application must be the officer's own tenant's (404 otherwise) and still open (409). */
export const RepairEvidenceUpload = UploadInterceptor({
  field: 'files', maxCount: MAX_REPAIR_FILES, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ req, principal, get }) => {
    await get(RepairsService).ownOpen(routeId(req), principal, 'evidence');
  },
});
