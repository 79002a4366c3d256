import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { assemblePayload, parsePayload, PayloadVerification, signedTextOf, TicketClaims, TicketPublicKey, TicketSigner } from '@app/tickets';

/** The key material: the private key that signs, and public keys of earlier keys still accepted. */
export interface TicketSigningKeys {
  /** An Ed25519 private key. */
  privateKey: KeyObject;
  /** Ed25519 public keys of retired signing keys: their payloads still verify (rotation). */
  previousPublicKeys: KeyObject[];
}

interface LoadedKey {
  info: TicketPublicKey;
  key: KeyObject;
}

/** The raw 32-byte Ed25519 public key, base64url (the JWK `x`). */
export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.x) throw new Error('not an Ed25519 key');
  return jwk.x;
}

/** Key id: the first 8 bytes of SHA-256 over the raw public key, 16 hex characters. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(Buffer.from(rawPublicKey(publicKey), 'base64url'))
    .digest()
    .subarray(0, 8)
    .toString('hex');
}

/**
 * {@link TicketSigner} with Ed25519 (RFC 8032, pure EdDSA) from `node:crypto`. Signing uses the
 * current key; verification picks the key named by the payload's key id among the current and
 * previous public keys, all in memory (~0.1 ms a verification).
 */
export class Ed25519TicketSigner extends TicketSigner {
  private readonly currentKeyId: string;
  private readonly privateKey: KeyObject;
  private readonly keys = new Map<string, LoadedKey>();

  /** @throws Error when a key is not Ed25519. */
  constructor(keys: TicketSigningKeys) {
    super();
    if (keys.privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The ticket signing key must be an Ed25519 private key');
    this.privateKey = keys.privateKey;
    const current = createPublicKey(keys.privateKey);
    this.currentKeyId = keyIdOf(current);
    for (const [i, key] of [current, ...keys.previousPublicKeys].entries()) {
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('Previous ticket public keys must be Ed25519 keys');
      const keyId = keyIdOf(key);
      if (this.keys.has(keyId)) continue;
      this.keys.set(keyId, {
        key,
        info: {
          keyId,
          algorithm: 'Ed25519',
          publicKey: rawPublicKey(key),
          publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
          current: i === 0,
        },
      });
    }
  }

  sign(claims: TicketClaims): string {
    const text = signedTextOf(claims, this.currentKeyId);
    return assemblePayload(text, sign(null, Buffer.from(text, 'ascii'), this.privateKey));
  }

  verify(payload: string): PayloadVerification {
    const parsed = parsePayload(payload);
    if (!parsed) return { valid: false, reason: 'malformed' };
    const key = this.keys.get(parsed.keyId);
    if (!key) return { valid: false, reason: 'unknown_key' };
    const ok = verify(null, Buffer.from(parsed.signedText, 'ascii'), key.key, parsed.signature);
    return ok ? { valid: true, claims: parsed.claims, keyId: parsed.keyId } : { valid: false, reason: 'bad_signature' };
  }

  publicKeys(): TicketPublicKey[] {
    return [...this.keys.values()].map((k) => ({ ...k.info }));
  }
}
