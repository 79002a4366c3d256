import { DomainError } from '@app/shared';
import { fileTypeFromBuffer } from 'file-type';

/** Content types that uploads may have (payment proofs: all four; payment QR images: the images). */
export type UploadContentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/** Every upload type, for proofs of payment (docs/api.md: JPEG/PNG/WebP/PDF by magic bytes). */
export const PROOF_UPLOAD_TYPES: readonly UploadContentType[] = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];

/** Image upload types (e.g. an event's payment QR). */
export const IMAGE_UPLOAD_TYPES: readonly UploadContentType[] = ['image/jpeg', 'image/png', 'image/webp'];

/** Largest payment proof, in bytes (docs/api.md: 5 MB). */
export const MAX_PROOF_BYTES = 5 * 1024 * 1024;

/**
 * The uploaded bytes are not one of the allowed types (judged by their content, never by the
 * file name or the client's Content-Type). HTTP `400 unsupported_file_type`, reported like a
 * validation error on the upload field: it is bad input, and the project answers bad input 400.
 */
export class UnsupportedFileTypeError extends DomainError {
  constructor(allowed: readonly string[], field = 'file') {
    const message = `${field} must be one of: ${allowed.join(', ')} (judged by the file's content)`;
    super('unsupported_file_type', 'invalid', `The uploaded file is not of an accepted type (${allowed.join(', ')}).`, {
      errors: [{ field, message }],
      extra: { allowedTypes: [...allowed] },
    });
  }
}

/** The upload is larger than allowed. HTTP `413 file_too_large` with `maxBytes` in the problem document. */
export class FileTooLargeError extends DomainError {
  constructor(maxBytes: number, field = 'file') {
    super('file_too_large', 'too_large', `The uploaded file is larger than ${maxBytes} bytes.`, {
      errors: [{ field, message: `${field} must be at most ${maxBytes} bytes` }],
      extra: { maxBytes },
    });
  }
}

/**
 * The MIME type of an upload, detected from its magic bytes with the `file-type` library
 * (JPEG `FF D8 FF`, PNG `89 50 4E 47 0D 0A 1A 0A`, WebP `RIFF….WEBP`, PDF `%PDF-`), if it is one of
 * `allowed`. A text file renamed `.png` has no such signature and is refused.
 * @param field the request field named in the error (default `file`).
 * @throws UnsupportedFileTypeError when nothing is detected or the type is not allowed.
 */
export async function detectUploadType<T extends UploadContentType>(buffer: Buffer, allowed: readonly T[], field = 'file'): Promise<T> {
  const detected = buffer.length ? await fileTypeFromBuffer(buffer) : undefined;
  const mime = detected?.mime as T | undefined;
  if (!mime || !allowed.includes(mime)) throw new UnsupportedFileTypeError(allowed, field);
  return mime;
}

/**
 * Checks an upload's size in bytes against `maxBytes`.
 * @throws FileTooLargeError when `size > maxBytes`.
 */
export function assertUploadSize(size: number, maxBytes: number, field = 'file'): void {
  if (size > maxBytes) throw new FileTooLargeError(maxBytes, field);
}

/**
 * Both checks, size first (no need to read a huge file's content): the detected content type and
 * the size in bytes of an accepted upload.
 * @throws FileTooLargeError, UnsupportedFileTypeError.
 */
export async function inspectUpload<T extends UploadContentType>(
  buffer: Buffer,
  rules: { allowed: readonly T[]; maxBytes: number; field?: string },
): Promise<{ contentType: T; size: number }> {
  assertUploadSize(buffer.length, rules.maxBytes, rules.field);
  return { contentType: await detectUploadType(buffer, rules.allowed, rules.field), size: buffer.length };
}
