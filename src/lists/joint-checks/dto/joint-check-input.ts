import { checkUscc, normalizeUscc } from '../../../tenants/domain/uscc.rules.js';
import { JointCheckDto, PURPOSE_CODE_MAX, REQUESTER_MAX } from './joint-check.dto.js';

/**
 * Printable ASCII, the common CJK/Latin ranges (text-chars.rules' plain set) and the full-width forms (（）, ，): no
 * character the text check refuses, no surrogate pair and no variation selector, so class-validator's length
 * (validator's isLength) is the string's length.
 */
const PLAIN = /^[\x20-\x7e\u00a0-\u2027\u3000-\ud7ff\uff00-\uffef]*$/;

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t.length >= 1 && t.length <= max && PLAIN.test(t) ? t : null;
}

/**
 * The well-formed joint-check body, recognised without class-transformer and class-validator (the check is called on
 * every government transaction, and they cost more per call than its SQL): exactly `uscc`, `purpose` and `requester`,
 * each a string that JointCheckDto's rules accept as they stand (the same transforms: the USCC normalised, the text
 * trimmed). Anything else answers null, and the caller validates with JointCheckDto as before, which alone words the
 * field-keyed errors; the spec beside checks both agree.
 */
export function wellFormedJointCheck(body: unknown): JointCheckDto | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const keys = Object.keys(body);
  if (keys.length !== 3) return null;
  const b = body as Record<string, unknown>;
  if (!Object.hasOwn(b, 'uscc') || !Object.hasOwn(b, 'purpose') || !Object.hasOwn(b, 'requester')) return null;
  if (typeof b.uscc !== 'string') return null;
  const uscc = normalizeUscc(b.uscc);
  if (!checkUscc(uscc).ok) return null;
  const purpose = text(b.purpose, PURPOSE_CODE_MAX);
  const requester = text(b.requester, REQUESTER_MAX);
  if (purpose === null || requester === null) return null;
  const dto = new JointCheckDto();
  dto.uscc = uscc;
  dto.purpose = purpose;
  dto.requester = requester;
  return dto;
}
