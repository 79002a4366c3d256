import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { FileTooLargeError } from '@app/infrastructure';
import { catchError, Observable } from 'rxjs';
import { ApiProblems } from './openapi.decorators.js';

/** Turns multer's own size refusal into the same `413 file_too_large` as our checks give. */
@Injectable()
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
 * A multipart upload of one `file` of at most `maxBytes`, held in memory (small files only:
 * proofs and QR images). The caller still checks the type by magic bytes.
 */
export function FileUpload(maxBytes: number, description: string) {
  return applyDecorators(
    UseInterceptors(new UploadLimitErrors(maxBytes), FileInterceptor('file', { limits: { fileSize: maxBytes, files: 1, fields: 0 } })),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description } } } }),
    ApiProblems({ 400: '`unsupported_file_type` (checked by magic bytes) or no `file`', 413: '`file_too_large`' }),
  );
}
