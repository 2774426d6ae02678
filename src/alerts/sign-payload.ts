/** Webhook signatures: HMAC-SHA256 of the timestamp and the body, so a receiver can check both. */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The `X-Marsad-Signature` value of a body sent at a timestamp (seconds). */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time. */
export function verifySignature(secret: string, timestamp: number, body: string, signature: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
