import { generateKeyPairSync } from 'node:crypto';

/** The access-token secret of the test tiers (at least 32 bytes, as JWT_SECRET must be). */
export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';

/** An Ed25519 ticket signing key for this test file (base64 PKCS#8 DER, a format TICKET_SIGNING_KEY accepts). */
export const TEST_TICKET_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
