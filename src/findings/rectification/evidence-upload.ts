import { routeId, UploadInterceptor } from '../../files/upload.interceptor.js';
import { MAX_EVIDENCE_FILES } from './dto/rectification.dto.js';
import { RectificationService } from './rectification.service.js';

/**
 * Evidence of a rectification (field `files`): before a byte of the body is read, the finding must
 * be the officer's own tenant's (404 otherwise) and its rectification open or overdue (409).
 */
export const EvidenceUpload = UploadInterceptor({
  field: 'files', maxCount: MAX_EVIDENCE_FILES, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ req, principal, get }) => {
    await get(RectificationService).submittableFinding(routeId(req), principal);
  },
});
