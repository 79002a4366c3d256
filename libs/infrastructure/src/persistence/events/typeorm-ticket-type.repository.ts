import { Injectable } from '@nestjs/common';
import { BookingRepository } from '@app/bookings';
import { NewTicketType, TicketType, TicketTypeNameTakenError, TicketTypePatch, TicketTypeRepository } from '@app/events';
import { DatabaseContext } from '../database-context.js';
import { isConstraintViolation, PgErrorCode } from '../pg-errors.js';
import { TicketTypeRow, toTicketType } from './event.mapper.js';
import { patchedColumns, SeatLimit, seatLimitedUpdate } from './seat-limited-update.js';

const PATCH_COLUMNS: Record<keyof TicketTypePatch, string> = {
  name: 'name',
  price: 'price',
  quantity: 'quantity',
  salesStartAt: 'sales_start_at',
  salesEndAt: 'sales_end_at',
  maxPerBooking: 'max_per_booking',
  reentry: 'reentry',
};

/** A ticket type's name is unique within its event. */
const NAME_KEY = 'ticket_types_event_name_key';

/**
 * Ticket types in PostgreSQL. Names are unique per event (`ticket_types_event_name_key`, turned
 * into TicketTypeNameTakenError); a quantity change applies only while it stays at or above the
 * type's seats sold and held ({@link seatLimitedUpdate}).
 */
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
        `INSERT INTO ticket_types (id, event_id, name, price, quantity, sales_start_at, sales_end_at, max_per_booking, reentry)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [type.id, type.eventId, type.name, type.price, type.quantity, type.salesStartAt, type.salesEndAt, type.maxPerBooking, type.reentry],
      );
      return toTicketType(rows[0]!);
    } catch (error) {
      if (isConstraintViolation(error, PgErrorCode.UniqueViolation, NAME_KEY)) throw new TicketTypeNameTakenError();
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
    let resize: SeatLimit | undefined;
    if (patch.quantity !== undefined) {
      // The event's expired holds are released before a resize: its id is needed first.
      const current = await this.findById(id);
      if (!current) return null;
      resize = { limit: patch.quantity, eventId: current.eventId };
    }
    try {
      const row = await seatLimitedUpdate<TicketTypeRow>(this.db, this.bookings, 'ticket_types', id, patchedColumns(patch, PATCH_COLUMNS), resize);
      return row ? toTicketType(row) : null;
    } catch (error) {
      if (isConstraintViolation(error, PgErrorCode.UniqueViolation, NAME_KEY)) throw new TicketTypeNameTakenError();
      throw error;
    }
  }
}
