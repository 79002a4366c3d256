import type { MigrationInterface } from 'typeorm';
import { Init1795285306310 } from './1795285306310-Init.js';
import { EventsAndBookings1795286607945 } from './1795286607945-EventsAndBookings.js';
import { MailOutbox1795286621833 } from './1795286621833-MailOutbox.js';
import { Tickets1795287468613 } from './1795287468613-Tickets.js';
import { PaymentsAndRefunds1795289475960 } from './1795289475960-PaymentsAndRefunds.js';
import { Transfers1795289481240 } from './1795289481240-Transfers.js';
import { RefundReconciliationAndIdempotencyClaims1795293517026 } from './1795293517026-RefundReconciliationAndIdempotencyClaims.js';
import { TicketsTicketTypeIndex1795294322696 } from './1795294322696-TicketsTicketTypeIndex.js';
import { UsersEmailVerification1795298823257 } from './1795298823257-UsersEmailVerification.js';
import { BookingsTeamName1796215665639 } from './1796215665639-BookingsTeamName.js';
import { MaxPerBuyer1796216748290 } from './1796216748290-MaxPerBuyer.js';
import { RefundKindBookingCancelled1796218683280 } from './1796218683280-RefundKindBookingCancelled.js';
import { Settings1796218207212 } from './1796218207212-Settings.js';
import { Phones1796219028385 } from './1796219028385-Phones.js';
import { BoxOffice1796220000000 } from './1796220000000-BoxOffice.js';
import { Gate1796297539020 } from './1796297539020-Gate.js';
import { AttendanceCounters1796298000000 } from './1796298000000-AttendanceCounters.js';
import { UserChangeNotify1796299000000 } from './1796299000000-UserChangeNotify.js';
import { MoneyCounters1796300000000 } from './1796300000000-MoneyCounters.js';

/** Every migration, oldest first. Add each new migration file here. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Init1795285306310,
  EventsAndBookings1795286607945,
  MailOutbox1795286621833,
  Tickets1795287468613,
  PaymentsAndRefunds1795289475960,
  Transfers1795289481240,
  RefundReconciliationAndIdempotencyClaims1795293517026,
  TicketsTicketTypeIndex1795294322696,
  UsersEmailVerification1795298823257,
  BookingsTeamName1796215665639,
  MaxPerBuyer1796216748290,
  Settings1796218207212,
  RefundKindBookingCancelled1796218683280,
  Phones1796219028385,
  BoxOffice1796220000000,
  Gate1796297539020,
  AttendanceCounters1796298000000,
  UserChangeNotify1796299000000,
  MoneyCounters1796300000000,
];
