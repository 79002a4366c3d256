import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Header,
  NestInterceptor,
  PayloadTooLargeException,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { FileTooLargeError, inspectUpload } from '@app/infrastructure';
import type { UploadContentType } from '@app/infrastructure';
import { extensionOfContentType, ValidationFailedError } from '@app/shared';
import type { FileContent } from '@app/shared';
import type { Request } from 'express';
import { catchError, Observable } from 'rxjs';
import { ApiProblems } from './openapi.decorators.js';

/**
 * Turns multer's own size refusal into the same `413 file_too_large` as our checks give. Built by
 * {@link FileUpload} for each route (not through DI).
 */
class UploadLimitErrors implements NestInterceptor {
  constructor(private readonly maxBytes: number) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        throw error instanceof PayloadTooLargeException ? new FileTooLargeError(this.maxBytes) : error;
      }),
    );
  }
}

/**
 * Runs after multer: the `file` part is required (`400 validation_failed` naming `file`) and its
 * type is read from its magic bytes (`400 unsupported_file_type` unless allowed); `file.mimetype`
 * then holds that detected type, never the type the client claimed. Built by {@link FileUpload}.
 */
class UploadChecks implements NestInterceptor {
  constructor(private readonly rules: { allowed: readonly UploadContentType[]; maxBytes: number }) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const file = context.switchToHttp().getRequest<Request>().file;
    if (!file) throw new ValidationFailedError([{ field: 'file', message: 'a file is required (multipart/form-data, field "file")' }]);
    file.mimetype = (await inspectUpload(file.buffer, this.rules)).contentType;
    return next.handle();
  }
}

/**
 * A multipart upload of one `file` of at most `maxBytes`, held in memory (small files only:
 * proofs and QR images). The file is required and checked by its magic bytes against `allowed`
 * before the handler runs, which reads the detected type from `file.mimetype`.
 */
export function FileUpload(maxBytes: number, description: string, allowed: readonly UploadContentType[]) {
  return applyDecorators(
    UseInterceptors(
      new UploadLimitErrors(maxBytes),
      FileInterceptor('file', { limits: { fileSize: maxBytes, files: 1, fields: 0 } }),
      new UploadChecks({ allowed, maxBytes }),
    ),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description } } } }),
    ApiProblems(
      { 400: '`unsupported_file_type` (checked by magic bytes) or no `file`', 413: '`file_too_large`' },
      { 503: '`file_storage_unavailable` (retry after Retry-After)' },
    ),
  );
}

/**
 * The CSP of every response that serves an uploaded file (it replaces helmet's for that response):
 * nothing may load and the document is sandboxed (no scripts, no forms, a unique origin), so a
 * file that a browser renders anyway (a PDF, or a polyglot image) cannot act as the API's origin.
 */
const UPLOADED_FILE_CSP = "default-src 'none'; sandbox";

/** Sets {@link UPLOADED_FILE_CSP} on a route that serves an uploaded file, and documents its storage failure. */
export const ServesUploadedFile = () =>
  applyDecorators(Header('Content-Security-Policy', UPLOADED_FILE_CSP), ApiProblems({ 503: '`file_storage_unavailable` (retry after Retry-After)' }));

/**
 * An uploaded file as a response body with its stored (magic-byte detected) type and size.
 * `attachment` names the download `<name>.<extension of the type>`; without it the file is
 * `inline` (images meant for an `<img>`). Served with `X-Content-Type-Options: nosniff` (helmet).
 */
export function uploadedFile(file: FileContent, attachment?: string): StreamableFile {
  const extension = extensionOfContentType(file.contentType) ?? 'bin';
  const disposition = attachment ? `attachment; filename="${attachment.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}"` : 'inline';
  return new StreamableFile(file.data, { type: file.contentType, length: file.size, disposition });
}
