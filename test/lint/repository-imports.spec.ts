import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The lint rule that keeps each lib changing only its own aggregates (eslint.config.js,
 * `OTHER_LIBS_REPOSITORIES` and the app's repository pattern) bites: snippets are linted with the
 * project's own configuration through ESLint's Node API, as if they were files at these paths,
 * and only `no-restricted-imports` findings are kept. The same check by hand:
 * `echo "import { BookingRepository } from '@app/bookings';" | npx eslint --stdin --stdin-filename libs/refunds/src/probe.ts`
 * (exits 1 with "Another lib's repository").
 */
interface Finding {
  ruleId: string | null;
  message: string;
}

const ROOT = resolve(__dirname, '../..');

/** Lints every snippet at its path in one ESLint process (the API is ESM-only; Jest runs CommonJS). */
function lint(cases: { path: string; code: string }[]): Finding[][] {
  const script = `
    import { ESLint } from 'eslint';
    const cases = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const c of cases) {
      const [result] = await eslint.lintText(c.code, { filePath: c.path });
      out.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 10 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Finding[][];
}

const restricted = (findings: Finding[]) => findings.filter((f) => f.ruleId === 'no-restricted-imports').map((f) => f.message);

describe('lint: repositories stay in their own lib', () => {
  const cases = [
    {
      name: "refunds importing bookings' repository",
      path: 'libs/refunds/src/probe.ts',
      code: "import { BookingRepository } from '@app/bookings';\nexport const r = BookingRepository;\n",
      bites: true,
    },
    {
      name: "a type-only import of payments' repository",
      path: 'libs/refunds/src/probe.ts',
      code: "import type { PaymentRepository } from '@app/payments';\nexport type R = PaymentRepository;\n",
      bites: true,
    },
    {
      name: "event cancellation importing events' repository",
      path: 'libs/event-cancellation/src/probe.ts',
      code: "import { EventRepository } from '@app/events';\nexport const r = EventRepository;\n",
      bites: true,
    },
    {
      name: "transfers importing tickets' repository among other names",
      path: 'libs/transfers/src/probe.ts',
      code: "import { TicketStatus, TicketRepository } from '@app/tickets';\nexport const r = [TicketStatus, TicketRepository];\n",
      bites: true,
    },
    {
      name: 'a namespace import (it could reach a repository)',
      path: 'libs/refunds/src/probe.ts',
      code: "import * as bookings from '@app/bookings';\nexport const r = bookings.BookingsService;\n",
      bites: true,
    },
    {
      name: 'the app importing any repository',
      path: 'apps/api/src/probe.ts',
      code: "import { TicketRepository } from '@app/tickets';\nexport const r = TicketRepository;\n",
      bites: true,
    },
    { name: 'the app re-exporting a repository', path: 'apps/api/src/probe.ts', code: "export { UserRepository } from '@app/users';\n", bites: true },
    {
      name: 'refunds importing its own repository',
      path: 'libs/refunds/src/probe.ts',
      code: "import { RefundRepository } from './refund.repository.js';\nexport const r = RefundRepository;\n",
      bites: false,
    },
    {
      name: "refunds calling bookings' service",
      path: 'libs/refunds/src/probe.ts',
      code: "import { BookingsService } from '@app/bookings';\nexport const s = BookingsService;\n",
      bites: false,
    },
    {
      name: 'the app using a service',
      path: 'apps/api/src/probe.ts',
      code: "import { TicketsService } from '@app/tickets';\nexport const s = TicketsService;\n",
      bites: false,
    },
    {
      name: 'the infrastructure binding a repository',
      path: 'libs/infrastructure/src/probe.ts',
      code: "import { BookingRepository } from '@app/bookings';\nexport const r = BookingRepository;\n",
      bites: false,
    },
    {
      name: 'a test using a repository',
      path: 'test/e2e/probe.e2e-spec.ts',
      code: "import { BookingRepository } from '@app/bookings';\nexport const r = BookingRepository;\n",
      bites: false,
    },
  ];
  let results: Finding[][];

  beforeAll(() => {
    results = lint(cases);
  }, 120_000);

  it.each(cases.map((c, i) => [c.name, c.bites, i] as const))('%s: restricted = %s', (_name, bites, i) => {
    const messages = restricted(results[i]);
    if (bites) {
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(
        /(Repository' (import|export)|\* import is invalid because import name matching '\/Repository\$\/u' pattern) from '@app\/[a-z-]+' is restricted/,
      );
      expect(messages[0]).toMatch(/service/);
    } else {
      expect(messages).toEqual([]);
    }
  });

  it('lints the snippets at all (a parse error or a missing config would pass the negative cases)', () => {
    expect(results).toHaveLength(cases.length);
    for (const findings of results) expect(findings.filter((f) => f.ruleId === null)).toEqual([]);
  });
});
