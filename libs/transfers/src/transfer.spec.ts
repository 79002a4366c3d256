import { Role } from '@app/shared';
import type { Actor, AuditLog, Page, PageRequest, TransactionRunner } from '@app/shared';
import { effectiveTransferStatus, isTransferRecipient, transferExpiresAt, TransferDetails, TransferStatus } from './transfer.js';
import { TransferFilter, TransferRepository } from './transfer.repository.js';
import { TransfersService } from './transfers.service.js';

const at = (iso: string) => new Date(iso);

describe('transfer rules', () => {
  it('a pending offer past expiresAt reads expired; decided ones keep their status', () => {
    const expiresAt = at('2026-12-01T12:00:00.000Z');
    expect(effectiveTransferStatus({ status: TransferStatus.Pending, expiresAt }, at('2026-12-01T11:59:59.999Z'))).toBe(TransferStatus.Pending);
    expect(effectiveTransferStatus({ status: TransferStatus.Pending, expiresAt }, expiresAt)).toBe(TransferStatus.Expired);
    expect(effectiveTransferStatus({ status: TransferStatus.Accepted, expiresAt }, at('2027-01-01T00:00:00.000Z'))).toBe(TransferStatus.Accepted);
  });

  it('an offer lapses after the expiry, never after the event ends', () => {
    const now = at('2026-12-01T12:00:00.000Z');
    expect(transferExpiresAt(now, 72 * 3600, at('2026-12-31T23:00:00.000Z'))).toEqual(at('2026-12-04T12:00:00.000Z'));
    expect(transferExpiresAt(now, 72 * 3600, at('2026-12-02T01:00:00.000Z'))).toEqual(at('2026-12-02T01:00:00.000Z'));
  });

  it('the recipient is whoever signs in with the address, in any case', () => {
    expect(isTransferRecipient({ toEmail: 'grace@example.com' }, { email: 'Grace@Example.com' })).toBe(true);
    expect(isTransferRecipient({ toEmail: 'grace@example.com' }, { email: 'grace@example.org' })).toBe(false);
  });
});

describe('TransfersService.list scoping', () => {
  const actor = (roles: Role[]): Actor => ({ userId: 'u-1', email: 'Me@Example.com', name: 'Me', roles });
  let seen: TransferFilter[];
  const repo = {
    list: async (filter: TransferFilter, _page: PageRequest): Promise<Page<TransferDetails>> => {
      seen.push(filter);
      return { data: [], nextCursor: null };
    },
  } as unknown as TransferRepository;
  const tx = { run: <T>(work: () => Promise<T>) => work() } as TransactionRunner;
  const service = new TransfersService(repo, tx, {} as AuditLog);
  const page = { limit: 20 };
  beforeEach(() => (seen = []));

  it('customers see their own transfers, both directions unless they pick one', async () => {
    await service.list(actor([Role.Customer]), {}, page);
    await service.list(actor([Role.Customer]), { direction: 'incoming' }, page);
    await service.list(actor([Role.Customer]), { direction: 'outgoing', status: TransferStatus.Pending }, page);
    expect(seen).toEqual([
      { party: { userId: 'u-1', email: 'me@example.com' } },
      { toEmail: 'me@example.com' },
      { fromUserId: 'u-1', status: TransferStatus.Pending },
    ]);
  });

  it("a customer's filters narrow their scope and never widen it", async () => {
    await service.list(actor([Role.Customer]), { fromUserId: 'u-2' }, page);
    const contradiction = await service.list(actor([Role.Customer]), { direction: 'outgoing', fromUserId: 'u-2' }, page);
    expect(seen).toEqual([{ fromUserId: 'u-2', party: { userId: 'u-1', email: 'me@example.com' } }]);
    expect(contradiction).toEqual({ data: [], nextCursor: null });
  });

  it('admins and viewers see everyone’s unless they give a direction', async () => {
    await service.list(actor([Role.Viewer]), { toEmail: 'Grace@Example.com' }, page);
    await service.list(actor([Role.Admin]), { direction: 'incoming' }, page);
    expect(seen).toEqual([{ toEmail: 'grace@example.com' }, { toEmail: 'me@example.com' }]);
  });
});
