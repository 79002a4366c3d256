import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudinaryStorage, LocalDiskStorage, parseCloudinaryUrl } from '@app/infrastructure';
import { FileStorage, FileStorageUnavailableError, InvalidFileKeyError } from '@app/shared';
import { FakeCloudinary } from '../fakes/fake-cloudinary.js';
import { TINY_JPEG, tinyPdf, tinyPng } from '../factories/files.js';

const KEY = /^payment-proofs\/[0-9a-f]{32}\.(png|jpg|pdf)$/;

/** Keys that no store makes: traversal and other tampering. */
const BAD_KEYS = [
  '../../etc/passwd',
  'payment-proofs/../../../etc/passwd',
  '/etc/passwd',
  'payment-proofs/..%2F..%2Fetc%2Fpasswd',
  'payment-proofs\\..\\secret.png',
  'payment-proofs/0123456789abcdef0123456789abcdef.png/../../x.png',
  'payment-proofs/0123456789abcdef0123456789abcdef.exe',
  'payment-proofs/0123456789ABCDEF0123456789ABCDEF.png',
  'payment-proofs/receipt.png',
  'Payment-Proofs/0123456789abcdef0123456789abcdef.png',
  '0123456789abcdef0123456789abcdef.png',
  'payment-proofs/0123456789abcdef0123456789abcdef.png\0',
  '',
];

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: FileStorage;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'files-test-'));
    storage = new LocalDiskStorage(join(root, 'files'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stores and reads back the same bytes under a random key, atomically and privately', async () => {
    const png = await tinyPng();
    const stored = await storage.put({ data: png, contentType: 'image/png', folder: 'payment-proofs' });
    expect(stored).toEqual({ key: expect.stringMatching(KEY), contentType: 'image/png', size: png.length });
    expect(await storage.get(stored.key)).toEqual({ data: png, contentType: 'image/png', size: png.length });

    const path = join(root, 'files', ...stored.key.split('/'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(root, 'files', 'payment-proofs')).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const pdf = await storage.put({ data: tinyPdf(), contentType: 'application/pdf', folder: 'payment-proofs' });
    expect(pdf.key).toMatch(/\.pdf$/);
    expect((await storage.get(pdf.key))!.contentType).toBe('application/pdf');
  });

  it('never reuses a key, even for the same bytes', async () => {
    const keys = await Promise.all(
      Array.from({ length: 20 }, () => storage.put({ data: TINY_JPEG, contentType: 'image/jpeg', folder: 'payment-proofs' })),
    ).then((r) => r.map((s) => s.key));
    expect(new Set(keys).size).toBe(20);
    for (const key of keys) expect(key).toMatch(KEY);
  });

  it('deletes, and a missing file is null; deleting it again is fine', async () => {
    const stored = await storage.put({ data: TINY_JPEG, contentType: 'image/jpeg', folder: 'events/qr' });
    await storage.delete(stored.key);
    expect(await storage.get(stored.key)).toBeNull();
    await expect(storage.delete(stored.key)).resolves.toBeUndefined();
    expect(await storage.get('payment-proofs/0123456789abcdef0123456789abcdef.png')).toBeNull();
  });

  it('refuses keys it could not have made: no path traversal', async () => {
    for (const key of BAD_KEYS) {
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
      await expect(storage.delete(key)).rejects.toMatchObject({ code: 'invalid_file_key', kind: 'invalid' });
    }
  });

  it('refuses malformed folders and content types it does not keep', async () => {
    for (const folder of ['../x', '/abs', 'a/../../b', 'UPPER', 'a//b', '', 'a/b/c/d/e']) {
      await expect(storage.put({ data: TINY_JPEG, contentType: 'image/jpeg', folder })).rejects.toThrow(/folder/);
    }
    await expect(storage.put({ data: Buffer.from('<b>x</b>'), contentType: 'text/html', folder: 'payment-proofs' })).rejects.toThrow(/cannot be stored/);
    expect(readdirSync(root)).toEqual(['files']);
  });
});

describe('CloudinaryStorage (real SDK against a fake Cloudinary)', () => {
  let fake: FakeCloudinary;
  let storage: CloudinaryStorage;

  beforeAll(async () => {
    fake = await FakeCloudinary.start();
    storage = new CloudinaryStorage(parseCloudinaryUrl(fake.cloudinaryUrl), { timeoutMs: 5000 });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.setDown(false);
  });

  it('reads CLOUDINARY_URL, and refuses a malformed one without echoing the secret', () => {
    expect(parseCloudinaryUrl('cloudinary://1234:s3cr%2Ft@demo')).toEqual({ cloudName: 'demo', apiKey: '1234', apiSecret: 's3cr/t' });
    expect(parseCloudinaryUrl(fake.cloudinaryUrl)).toMatchObject({ cloudName: fake.cloudName, uploadPrefix: fake.url });
    for (const bad of ['https://1234:Zq9pRivate@demo', 'cloudinary://1234@demo', 'not a url', 'cloudinary://1234:Zq9pRivate@demo?upload_prefix=ftp://x']) {
      expect(() => parseCloudinaryUrl(bad)).toThrow(/CLOUDINARY_URL/);
      try {
        parseCloudinaryUrl(bad);
      } catch (error) {
        expect((error as Error).message).not.toContain('Zq9pRivate');
      }
    }
  });

  it('uploads an image as a private asset with a signed request, and downloads the same bytes', async () => {
    const png = await tinyPng();
    const stored = await storage.put({ data: png, contentType: 'image/png', folder: 'payment-proofs' });
    expect(stored).toEqual({ key: expect.stringMatching(KEY), contentType: 'image/png', size: png.length });

    const publicId = stored.key.replace(/\.png$/, '');
    expect(fake.assets).toEqual([expect.objectContaining({ publicId, resourceType: 'image', type: 'private', format: 'png' })]);
    const upload = fake.requests[0]!;
    expect(upload).toMatchObject({
      method: 'POST',
      path: `/v1_1/${fake.cloudName}/image/upload`,
      signed: true,
      params: { public_id: publicId, type: 'private', api_key: fake.apiKey },
    });
    expect(upload.params['signature']).toMatch(/^[0-9a-f]{40}$/);

    const read = await storage.get(stored.key);
    expect(read).toEqual({ data: png, contentType: 'image/png', size: png.length });
    const download = fake.requests[1]!;
    expect(download).toMatchObject({
      method: 'GET',
      path: `/v1_1/${fake.cloudName}/image/download`,
      signed: true,
      params: { public_id: publicId, type: 'private', format: 'png' },
    });
    const ttl = Number(download.params['expires_at']) - Date.now() / 1000;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('stores a PDF as a raw private asset (public id with its extension) and reads it back', async () => {
    const pdf = tinyPdf();
    const stored = await storage.put({ data: pdf, contentType: 'application/pdf', folder: 'payment-proofs' });
    expect(fake.assets.find((a) => a.publicId === stored.key)).toMatchObject({ resourceType: 'raw', type: 'private', format: undefined });
    expect(await storage.get(stored.key)).toEqual({ data: pdf, contentType: 'application/pdf', size: pdf.length });
    expect(fake.requests.every((r) => r.signed)).toBe(true);
  });

  it('deletes (signed destroy), after which the file is null; a missing file is null', async () => {
    const stored = await storage.put({ data: TINY_JPEG, contentType: 'image/jpeg', folder: 'payment-proofs' });
    await storage.delete(stored.key);
    expect(fake.requests.at(-1)).toMatchObject({
      path: `/v1_1/${fake.cloudName}/image/destroy`,
      signed: true,
      params: { type: 'private', invalidate: expect.any(String) },
    });
    expect(await storage.get(stored.key)).toBeNull();
    await expect(storage.delete(stored.key)).resolves.toBeUndefined();
  });

  it('a wrong API secret is refused by the fake’s signature check (an error, not an outage)', async () => {
    const wrong = new CloudinaryStorage({ ...parseCloudinaryUrl(fake.cloudinaryUrl), apiSecret: 'not-the-secret' });
    const error = await wrong.put({ data: TINY_JPEG, contentType: 'image/jpeg', folder: 'payment-proofs' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(FileStorageUnavailableError);
    expect((error as Error).message).toMatch(/HTTP 401.*Invalid Signature/);
    expect((error as Error).message).not.toContain('not-the-secret');
    expect(fake.requests.at(-1)).toMatchObject({ signed: false });
  });

  it('refuses traversal keys before calling Cloudinary', async () => {
    for (const key of BAD_KEYS) await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
    expect(fake.requests).toHaveLength(0);
  });

  it('an outage is FileStorageUnavailableError (503)', async () => {
    const stored = await storage.put({ data: TINY_JPEG, contentType: 'image/jpeg', folder: 'payment-proofs' });
    fake.setDown('http500');
    await expect(storage.put({ data: TINY_JPEG, contentType: 'image/jpeg', folder: 'payment-proofs' })).rejects.toBeInstanceOf(FileStorageUnavailableError);
    await expect(storage.get(stored.key)).rejects.toMatchObject({ code: 'file_storage_unavailable', kind: 'unavailable' });
    await expect(storage.delete(stored.key)).rejects.toBeInstanceOf(FileStorageUnavailableError);
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const unreachable = new CloudinaryStorage({ ...parseCloudinaryUrl(fake.cloudinaryUrl), uploadPrefix: `http://127.0.0.1:${closedPort}` });
    await expect(unreachable.put({ data: TINY_JPEG, contentType: 'image/jpeg', folder: 'payment-proofs' })).rejects.toBeInstanceOf(FileStorageUnavailableError);
    await expect(unreachable.get(stored.key)).rejects.toBeInstanceOf(FileStorageUnavailableError);
  });
});
