import { ValidationFailedError, type FieldProblems } from '../common/errors/domain-error.js';
import type { UploadedPart } from './upload.interceptor.js';

/** What counts as evidence (scans and photos of documents): PDF, JPEG or PNG, detected by content. */
export const EVIDENCE_KINDS: ReadonlySet<string> = new Set(['pdf', 'jpeg', 'png']);

/**
 * The problems of evidence files, keyed `files`: none given where they are required, more than `max`
 * with the `already` stored ones, or a file that is not evidence (named, so the form can say which).
 */
export function evidenceProblems(parts: readonly UploadedPart[], already: number, max: number, required = false): FieldProblems {
  if (!parts.length) return required ? { files: [{ code: 'required' }] } : {};
  if (already + parts.length > max) return { files: [{ code: 'maxFiles', params: { limit: max } }] };
  const refused = parts.find((p) => !p.type || !EVIDENCE_KINDS.has(p.type.kind));
  return refused ? { files: [{ code: 'fileType', params: { name: refused.originalname.slice(0, 100) } }] } : {};
}

/**
 * Throws the field problems, if any. A refused file type gets the caller's own message (its form says
 * what is accepted); anything else the generic one.
 */
export function refuseEvidence(problems: FieldProblems, typesMessage: string): void {
  if (!Object.keys(problems).length) return;
  throw new ValidationFailedError(problems, problems.files?.[0]?.code === 'fileType' ? typesMessage : 'errors.validation');
}
