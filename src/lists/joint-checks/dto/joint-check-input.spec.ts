import 'reflect-metadata';
import { validateDto } from '../../../common/validation.js';
import { JointCheckDto } from './joint-check.dto.js';
import { wellFormedJointCheck } from './joint-check-input.js';

const USCC = '91320500000000100F';
const ok = { uscc: USCC, purpose: 'administrative_approval', requester: '区政务服务中心' };

/**
 * The fast path may only take bodies JointCheckDto accepts, with the same values; everything else goes to the
 * class-validator path (which words the errors). Each row is checked against validateDto itself.
 */
const cases: [string, unknown, boolean][] = [
  ['a well-formed body', ok, true],
  ['the USCC with spaces, full-width characters and lower case', { ...ok, uscc: ' 9132 0500００００００100f ' }, true],
  ['purpose and requester with surrounding spaces', { ...ok, purpose: '  administrative_approval ', requester: '\u3000区政务服务中心（bench） ' }, true],
  ['the longest purpose and requester', { ...ok, purpose: 'p'.repeat(32), requester: '办'.repeat(200) }, true],
  ['keys in another order', { requester: ok.requester, uscc: ok.uscc, purpose: ok.purpose }, true],
  ['a wrong check character', { ...ok, uscc: '91320500000000100A' }, false],
  ['a short USCC', { ...ok, uscc: '9132050000000010' }, false],
  ['a USCC outside the alphabet', { ...ok, uscc: '9132050000000010IF' }, false],
  ['a number for the USCC', { ...ok, uscc: 91320500 }, false],
  ['an empty purpose', { ...ok, purpose: '' }, false],
  ['a blank requester', { ...ok, requester: '   ' }, false],
  ['a purpose one too long', { ...ok, purpose: 'p'.repeat(33) }, false],
  ['a requester one too long', { ...ok, requester: 'r'.repeat(201) }, false],
  ['a missing requester', { uscc: ok.uscc, purpose: ok.purpose }, false],
  ['an unknown field', { ...ok, extra: 'x' }, false],
  ['an override reason (not a field of the check)', { ...ok, usccOverrideReason: 'because' }, false],
  ['a full-width comma and the last of the full-width forms (U+FFEF)', { ...ok, requester: '区，中心\uFFEF' }, true],
  ['a noncharacter (U+FFFF)', { ...ok, requester: 'a\uFFFFb' }, false],
  ['a noncharacter (U+FDD0)', { ...ok, requester: 'a\uFDD0b' }, false],
  ['a line separator', { ...ok, requester: 'a\u2028b' }, false],
  ['a control character', { ...ok, requester: 'a\u0007b' }, false],
  ['a line break', { ...ok, requester: 'a\nb' }, false],
  ['a bidi override', { ...ok, requester: 'a\u202eb' }, false],
  ['null requester', { ...ok, requester: null }, false],
  ['an array body', [ok], false],
  ['null body', null, false],
];

/** Cases the fast path leaves to class-validator though it may accept them: the answer must then come from there. */
const deferred: [string, unknown][] = [
  ['an emoji (a surrogate pair counts once in class-validator\'s length)', { ...ok, requester: `${'r'.repeat(199)}😀` }],
  ['a variation selector', { ...ok, requester: '☎\uFE0F office' }],
];

describe('wellFormedJointCheck (the joint check\'s fast body check)', () => {
  it.each(cases)('%s', async (_title, body, fast) => {
    const got = wellFormedJointCheck(body);
    const full = body !== null && typeof body === 'object' && !Array.isArray(body) ? await validateDto(JointCheckDto, body as Record<string, unknown>) : null;
    if (fast) {
      expect(full?.fields).toBeNull();
      expect(got).toBeInstanceOf(JointCheckDto);
      expect({ ...got }).toEqual({ uscc: full!.value.uscc, purpose: full!.value.purpose, requester: full!.value.requester });
    } else {
      expect(got).toBeNull();
      if (full) expect(full.fields).not.toBeNull();
    }
  });

  it.each(deferred)('defers %s to class-validator', async (_title, body) => {
    expect(wellFormedJointCheck(body)).toBeNull();
    expect((await validateDto(JointCheckDto, body as Record<string, unknown>)).fields).toBeNull();
  });
});
