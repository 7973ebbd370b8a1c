import { routeId, UploadInterceptor } from '../../files/upload.interceptor.js';
import { MAX_TASK_FILES } from './dto/tasks.dto.js';
import { TasksService } from './tasks.service.js';

/**
 * Evidence of an inspection (field `files`): before a byte of the body is read, the task must exist
 * (404; another tenant's looks missing), the asker must be an inspector on it (403) and the result
 * not yet published (409). The service then keeps only PDF, JPEG and PNG.
 */
export const TaskEvidenceUpload = UploadInterceptor({
  field: 'files', maxCount: MAX_TASK_FILES, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ req, principal, get }) => {
    await get(TasksService).evidenceTarget(routeId(req), principal);
  },
});
