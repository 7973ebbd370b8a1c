import { createHmac } from 'node:crypto';

/**
 * The rotating check-in code of a session: TOTP (RFC 6238) over the session's secret, HMAC-SHA1, a 30-second step and
 * six digits. Written on node:crypto (twenty lines checked against the RFC's test vectors) rather than otplib: otplib 13
 * wants base32 secrets and an async plugin set, while the secret here is the session's hex column.
 */
export const CHECKIN_CODE = { stepSeconds: 30, digits: 6, acceptedPastSteps: 1 } as const;

/** The time step (RFC 6238 T) an instant falls in. */
export function timeStep(at: Date, stepSeconds: number = CHECKIN_CODE.stepSeconds): number {
  return Math.floor(at.getTime() / 1000 / stepSeconds);
}

/** HOTP (RFC 4226) of a counter: dynamic truncation of HMAC-SHA1(key, counter as 8 bytes big-endian). */
export function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** TOTP (RFC 6238) of a key at an instant. */
export function totp(key: Buffer, at: Date, stepSeconds: number = CHECKIN_CODE.stepSeconds, digits: number = CHECKIN_CODE.digits): string {
  return hotp(key, timeStep(at, stepSeconds), digits);
}

/** The code a session shows at an instant; the secret is the session's `checkinSecret` (hex). */
export function checkinCode(secretHex: string, at: Date): string {
  return totp(Buffer.from(secretHex, 'hex'), at);
}

/** Whether a typed code is the current one or one step old (spaces ignored); anything else is refused. */
export function checkinCodeMatches(secretHex: string, typed: unknown, at: Date): boolean {
  if (typeof typed !== 'string') return false;
  const code = typed.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${CHECKIN_CODE.digits}}$`).test(code)) return false;
  const key = Buffer.from(secretHex, 'hex');
  const step = timeStep(at);
  for (let back = 0; back <= CHECKIN_CODE.acceptedPastSteps; back++) {
    if (hotp(key, step - back, CHECKIN_CODE.digits) === code) return true;
  }
  return false;
}

/** When the code shown at `at` changes: the start of the next step. */
export function nextStepAt(at: Date, stepSeconds: number = CHECKIN_CODE.stepSeconds): Date {
  return new Date((timeStep(at, stepSeconds) + 1) * stepSeconds * 1000);
}

/** Whole seconds the code shown at `at` stays on the display (1 … step). */
export function secondsLeftInStep(at: Date, stepSeconds: number = CHECKIN_CODE.stepSeconds): number {
  return Math.max(1, Math.ceil((nextStepAt(at, stepSeconds).getTime() - at.getTime()) / 1000));
}
