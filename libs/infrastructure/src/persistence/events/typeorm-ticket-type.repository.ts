import { Injectable } from '@nestjs/common';
import { BookingRepository } from '@app/bookings';
import { CapacityBelowSoldError, NewTicketType, TicketType, TicketTypeNameTakenError, TicketTypePatch, TicketTypeRepository } from '@app/events';
import { DatabaseContext } from '../database-context.js';
import { isConstraintViolation, PgErrorCode } from '../pg-errors.js';
import { TicketTypeRow, toTicketType } from './event.mapper.js';

const PATCH_COLUMNS: Record<keyof TicketTypePatch, string> = {
  name: 'name',
  price: 'price',
  quantity: 'quantity',
  salesStartAt: 'sales_start_at',
  salesEndAt: 'sales_end_at',
  maxPerBooking: 'max_per_booking',
};

@Injectable()
export class TypeOrmTicketTypeRepository extends TicketTypeRepository {
  constructor(
    private readonly db: DatabaseContext,
    private readonly bookings: BookingRepository,
  ) {
    super();
  }

  async create(type: NewTicketType): Promise<TicketType> {
    try {
      const { rows } = await this.db.sql<TicketTypeRow>(
        `INSERT INTO ticket_types (id, event_id, name, price, quantity, sales_start_at, sales_end_at, max_per_booking)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [type.id, type.eventId, type.name, type.price, type.quantity, type.salesStartAt, type.salesEndAt, type.maxPerBooking],
      );
      return toTicketType(rows[0]!);
    } catch (error) {
      if (isConstraintViolation(error, PgErrorCode.UniqueViolation, 'ticket_types_event_name_key')) throw new TicketTypeNameTakenError();
      throw error;
    }
  }

  async findById(id: string): Promise<TicketType | null> {
    const { rows } = await this.db.sql<TicketTypeRow>('SELECT * FROM ticket_types WHERE id = $1', [id]);
    return rows[0] ? toTicketType(rows[0]) : null;
  }

  async listByEvent(eventId: string): Promise<TicketType[]> {
    const { rows } = await this.db.sql<TicketTypeRow>('SELECT * FROM ticket_types WHERE event_id = $1 ORDER BY created_at, id', [eventId]);
    return rows.map(toTicketType);
  }

  async update(id: string, patch: TicketTypePatch): Promise<TicketType | null> {
    const params: unknown[] = [id];
    const sets: string[] = ['updated_at = now()'];
    for (const [key, column] of Object.entries(PATCH_COLUMNS) as [keyof TicketTypePatch, string][]) {
      if (patch[key] !== undefined) sets.push(`${column} = $${params.push(patch[key])}`);
    }
    let guard = '';
    if (patch.quantity !== undefined) {
      const current = await this.findById(id);
      if (!current) return null;
      await this.bookings.expireDue(10_000, current.eventId);
      guard = `AND sold + held <= $${params.push(patch.quantity)}`;
    }
    try {
      const { rows } = await this.db.sql<TicketTypeRow>(`UPDATE ticket_types SET ${sets.join(', ')} WHERE id = $1 ${guard} RETURNING *`, params);
      if (rows[0]) return toTicketType(rows[0]);
    } catch (error) {
      if (isConstraintViolation(error, PgErrorCode.UniqueViolation, 'ticket_types_event_name_key')) throw new TicketTypeNameTakenError();
      throw error;
    }
    const current = await this.findById(id);
    if (current && patch.quantity !== undefined) throw new CapacityBelowSoldError(current.sold + current.held, current.sold, current.held);
    return null;
  }
}
