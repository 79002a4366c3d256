import { Controller, Get, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FileTooLargeError, UnsupportedFileTypeError } from '@app/infrastructure';
import { PaymentProviderError, PaymentProviderUnavailableError } from '@app/payments';
import { DomainError, InvalidFileKeyError } from '@app/shared';
import { loadConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';

/** Routes that throw the payment and file errors, so the real filter writes them over real HTTP. */
@Controller('errors')
class ThrowingController {
  @Get('provider-down')
  providerDown(): never {
    throw new PaymentProviderUnavailableError('paystack', 12.2);
  }

  @Get('provider-refused')
  providerRefused(): never {
    throw new PaymentProviderError('paystack', 400, 'Transaction reference not found');
  }

  @Get('too-large')
  tooLarge(): never {
    throw new FileTooLargeError(5 * 1024 * 1024);
  }

  @Get('bad-type')
  badType(): never {
    throw new UnsupportedFileTypeError(['image/png', 'application/pdf']);
  }

  @Get('bad-key')
  badKey(): never {
    throw new InvalidFileKeyError();
  }

  @Get('colliding-extra')
  collidingExtra(): never {
    throw new DomainError('demo_conflict', 'conflict', 'Demo.', { extra: { status: 'cancelled', code: 'other', type: 'x', remaining: 3 } });
  }
}

@Module({
  imports: [ConfigModule.forRoot(loadConfig({}))],
  controllers: [ThrowingController],
  providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
class ThrowingModule {}

describe('ProblemDetailsFilter: payment and file errors', () => {
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(ThrowingModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(() => app.close());

  const get = async (path: string) => {
    const res = await fetch(`${url}/errors/${path}`);
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as Record<string, unknown>,
    };
  };

  it('an unavailable provider is 503 payment_provider_unavailable with Retry-After in whole seconds', async () => {
    const res = await get('provider-down');
    expect(res).toMatchObject({ status: 503, retryAfter: '13', body: { code: 'payment_provider_unavailable', status: 503 } });
    expect(res.type).toMatch(/^application\/problem\+json/);
  });

  it('a provider refusal is 422 payment_provider_error', async () => {
    expect(await get('provider-refused')).toMatchObject({
      status: 422,
      retryAfter: null,
      body: { code: 'payment_provider_error', detail: expect.stringContaining('Transaction reference not found') },
    });
  });

  it('a file over the limit is 413 file_too_large with maxBytes', async () => {
    expect(await get('too-large')).toMatchObject({
      status: 413,
      body: { code: 'file_too_large', title: 'Payload Too Large', maxBytes: 5_242_880, errors: [{ field: 'file' }] },
    });
  });

  it('a file of the wrong type is 400 unsupported_file_type naming the field and the allowed types', async () => {
    expect(await get('bad-type')).toMatchObject({
      status: 400,
      body: {
        code: 'unsupported_file_type',
        allowedTypes: ['image/png', 'application/pdf'],
        errors: [{ field: 'file', message: expect.stringContaining('image/png') }],
      },
    });
    expect(await get('bad-key')).toMatchObject({ status: 400, body: { code: 'invalid_file_key' } });
  });

  it('extension members never replace the RFC 9457 members', async () => {
    const res = await get('colliding-extra');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: 409, code: 'demo_conflict', type: '/api/v1/problems/demo_conflict', remaining: 3 });
  });
});
