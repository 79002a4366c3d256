/**
 * A bare Nest 12 application on the same platform (Express) with one JSON POST route and nothing
 * else: no guards, no validation, no database. The framework's ceiling on this machine, beside
 * which the check-in benchmark's numbers are read.  Usage: node dist/bench/bare-app.js <port>
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller('bare')
class BareController {
  @Post()
  @HttpCode(200)
  echo(@Body() body: { code?: string }): { result: string; length: number } {
    return { result: 'ok', length: body.code?.length ?? 0 };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main() {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.argv[2] ?? 3999), '127.0.0.1');
}

void main();
