import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** File under DATA_DIR holding the generated signing key of the embedded default. */
export const TICKET_KEY_FILE = 'ticket-signing-key.pem';

/**
 * Parses `TICKET_SIGNING_KEY`: an Ed25519 private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`;
 * literal `\n` sequences are accepted, for one-line env files) or as the base64 of the PKCS#8 DER.
 * @throws Error when it is neither, or not an Ed25519 key.
 */
export function parseTicketSigningKey(text: string): KeyObject {
  const value = text.trim().replace(/\\n/g, '\n');
  const key = value.startsWith('-----BEGIN')
    ? createPrivateKey({ key: value, format: 'pem' })
    : createPrivateKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`it is a ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

/**
 * Parses `TICKET_PREVIOUS_PUBLIC_KEYS`: comma-separated Ed25519 public keys, each the raw 32 bytes
 * in base64url (the `publicKey` that `GET /events/{id}/check-in-keys` shows) or the base64 of an
 * SPKI DER. Empty gives none.
 * @throws Error naming the first key that is neither.
 */
export function parsePreviousPublicKeys(text: string | undefined): KeyObject[] {
  if (!text?.trim()) return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item, i) => {
      try {
        const bytes = Buffer.from(item, 'base64');
        const key =
          bytes.length === 32
            ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(item, 'base64').toString('base64url') }, format: 'jwk' })
            : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
        if (key.asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
        return key;
      } catch {
        throw new Error(`key ${i + 1} is not an Ed25519 public key (raw 32 bytes base64url, or SPKI DER base64)`);
      }
    });
}

/**
 * The signing key: `TICKET_SIGNING_KEY` when set; otherwise (embedded default only: configuration
 * requires it in production and with DATABASE_URL) one generated once into
 * `DATA_DIR/ticket-signing-key.pem` (mode 0600) and kept, so payloads stay valid across restarts.
 */
export function resolveTicketSigningKey(value: string | undefined, dataDir: string): KeyObject {
  if (value) return parseTicketSigningKey(value);
  const dir = resolve(dataDir);
  const path = join(dir, TICKET_KEY_FILE);
  if (existsSync(path)) return parseTicketSigningKey(readFileSync(path, 'utf8'));
  mkdirSync(dir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  return parseTicketSigningKey(pem);
}
