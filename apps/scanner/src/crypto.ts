/**
 * The app's cryptography, all in WebCrypto: Ed25519 verification of ticket payloads (with
 * `@noble/ed25519`, loaded only when the browser's WebCrypto lacks Ed25519), SHA-256 of human
 * codes, and opening holder names sealed per ticket (README "Offline check-in feed"):
 *
 * ```
 * key    = HKDF-SHA256(IKM = UTF-8(code), salt = UTF-8(ticketId), info = "ticketing/holder-name/v1", 32 bytes)
 * sealed = base64url(iv, 12 bytes) "." base64url(AES-256-GCM ciphertext || 16-byte tag), AAD = UTF-8(ticketId)
 * ```
 */

const subtle = () => globalThis.crypto.subtle;
const utf8 = (text: string) => new TextEncoder().encode(text);

type Key = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

/** Lower-case hex SHA-256 of the UTF-8 text. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await subtle().digest('SHA-256', utf8(text)));
  let out = '';
  for (const b of digest) out += b.toString(16).padStart(2, '0');
  return out;
}

/** base64url (RFC 4648 §5, padding optional) decoded; null when not base64url. */
export function base64urlDecode(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return null;
  const b64 = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  try {
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Verifies Ed25519 signatures with raw 32-byte public keys; imported keys are cached. */
export class Ed25519Verifier {
  private readonly keys = new Map<string, Promise<Key | null>>();
  private native: Promise<boolean> | null = null;

  /** @param forceFallback use @noble/ed25519 even where WebCrypto has Ed25519 (tests). */
  constructor(private readonly forceFallback = false) {}

  /** Which implementation verifies: `webcrypto` or `noble`. */
  async implementation(): Promise<'webcrypto' | 'noble'> {
    return (await this.hasNative()) ? 'webcrypto' : 'noble';
  }

  private hasNative(): Promise<boolean> {
    if (this.forceFallback) return Promise.resolve(false);
    this.native ??= subtle()
      .importKey('raw', new Uint8Array(32).fill(1), { name: 'Ed25519' }, false, ['verify'])
      .then(
        () => true,
        (e: unknown) => !(e instanceof Error && /not supported|unrecognized|NotSupported/i.test(`${e.name} ${e.message}`)),
      );
    return this.native;
  }

  /** True when `signature` is `publicKey`'s Ed25519 signature of the ASCII `message`. Never throws. */
  async verify(publicKey: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>, message: string): Promise<boolean> {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    try {
      if (await this.hasNative()) {
        const id = String.fromCharCode(...publicKey);
        let key = this.keys.get(id);
        if (!key) {
          key = subtle()
            .importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify'])
            .catch(() => null);
          this.keys.set(id, key);
        }
        const k = await key;
        return k ? await subtle().verify({ name: 'Ed25519' }, k, signature, utf8(message)) : false;
      }
      const noble = await import('@noble/ed25519');
      return await noble.verifyAsync(signature, utf8(message), publicKey, { zip215: false });
    } catch {
      return false;
    }
  }
}

/** The holder name sealed with the ticket's code; null when the code is not the ticket's or the text was altered. */
export async function openHolderName(code: string, ticketId: string, sealed: string): Promise<string | null> {
  const [ivText, bodyText, extra] = sealed.split('.');
  if (!ivText || !bodyText || extra !== undefined) return null;
  const iv = base64urlDecode(ivText);
  const body = base64urlDecode(bodyText);
  if (!iv || !body || iv.length !== 12 || body.length < 16) return null;
  try {
    const ikm = await subtle().importKey('raw', utf8(code), 'HKDF', false, ['deriveKey']);
    const key = await subtle().deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: utf8(ticketId), info: utf8('ticketing/holder-name/v1') },
      ikm,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv, additionalData: utf8(ticketId), tagLength: 128 }, key, body);
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
