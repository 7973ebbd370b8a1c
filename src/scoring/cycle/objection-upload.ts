import { routeId, UploadInterceptor } from '../../files/upload.interceptor.js';
import { CycleService } from './cycle.service.js';
import { MAX_OBJECTION_FILES } from './dto/cycle.dto.js';

/**
 * An objection's evidence (field `files`): before a byte of the body is read, the snapshot must be
 * the officer's own tenant's (404 otherwise), in a month under review, within the objection window (409).
 */
export const ObjectionUpload = UploadInterceptor({
  field: 'files', maxCount: MAX_OBJECTION_FILES, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ req, principal, get }) => {
    await get(CycleService).objectable(String(req.params.month), routeId(req, 'tenantId'), principal);
  },
});
