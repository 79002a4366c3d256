import { TINY_JPEG, TINY_WEBP, tinyPdf, tinyPng } from '../../../../test/factories/files.js';
import {
  assertUploadSize,
  detectUploadType,
  FileTooLargeError,
  IMAGE_UPLOAD_TYPES,
  inspectUpload,
  MAX_PROOF_BYTES,
  PROOF_UPLOAD_TYPES,
  UnsupportedFileTypeError,
} from './upload-type.js';

describe('detectUploadType (magic bytes, with file-type)', () => {
  it('recognises real PNG, JPEG, WebP and PDF files', async () => {
    expect(await detectUploadType(await tinyPng(), PROOF_UPLOAD_TYPES)).toBe('image/png');
    expect(await detectUploadType(TINY_JPEG, PROOF_UPLOAD_TYPES)).toBe('image/jpeg');
    expect(await detectUploadType(TINY_WEBP, PROOF_UPLOAD_TYPES)).toBe('image/webp');
    expect(await detectUploadType(tinyPdf(), PROOF_UPLOAD_TYPES)).toBe('application/pdf');
  });

  it('refuses a text file renamed .png, an empty file, and HTML/SVG posing as images', async () => {
    const samples = [
      Buffer.from('I am definitely a PNG, says my file name: receipt.png\n'),
      Buffer.alloc(0),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      Buffer.from('<!doctype html><html><body>hi</body></html>'),
      Buffer.from('PNG but not really: 89 50 4E 47'),
    ];
    for (const sample of samples) {
      const error = await detectUploadType(sample, PROOF_UPLOAD_TYPES).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedFileTypeError);
      expect(error).toMatchObject({
        code: 'unsupported_file_type',
        kind: 'invalid',
        errors: [{ field: 'file', message: expect.stringContaining('image/png') }],
        extra: { allowedTypes: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] },
      });
    }
  });

  it('refuses a real file of a type that is not allowed here (a PDF where only images go)', async () => {
    await expect(detectUploadType(tinyPdf(), IMAGE_UPLOAD_TYPES, 'image')).rejects.toMatchObject({
      code: 'unsupported_file_type',
      errors: [{ field: 'image' }],
    });
    // A GIF is a real image, but not one of the accepted types.
    await expect(
      detectUploadType(Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'), PROOF_UPLOAD_TYPES),
    ).rejects.toBeInstanceOf(UnsupportedFileTypeError);
  });
});

describe('upload size', () => {
  it('refuses a 6 MB file for a 5 MB limit with 413 file_too_large, and accepts exactly 5 MB', async () => {
    const sixMb = Buffer.concat([await tinyPng(), Buffer.alloc(6 * 1024 * 1024)]);
    const error = await inspectUpload(sixMb, { allowed: PROOF_UPLOAD_TYPES, maxBytes: MAX_PROOF_BYTES }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect(error).toMatchObject({ code: 'file_too_large', kind: 'too_large', extra: { maxBytes: 5 * 1024 * 1024 } });

    expect(() => assertUploadSize(MAX_PROOF_BYTES, MAX_PROOF_BYTES)).not.toThrow();
    expect(() => assertUploadSize(MAX_PROOF_BYTES + 1, MAX_PROOF_BYTES)).toThrow(FileTooLargeError);
    const png = await tinyPng();
    await expect(inspectUpload(png, { allowed: PROOF_UPLOAD_TYPES, maxBytes: MAX_PROOF_BYTES })).resolves.toEqual({
      contentType: 'image/png',
      size: png.length,
    });
  });
});
