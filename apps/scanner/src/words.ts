import type { Direction, ScanResult } from './decide.js';

/** The result in words, as the steward reads it at arm's length. */
export function resultWords(result: ScanResult, direction: Direction): string {
  switch (result) {
    case 'ok':
      return direction === 'exit' ? 'Exit OK' : 'Admit';
    case 'already_checked_in':
      return 'Already in';
    case 'not_inside':
      return 'Not inside';
    case 'invalid':
      return 'Invalid ticket';
    case 'wrong_event':
      return 'Wrong event';
    case 'cancelled':
      return 'Cancelled';
    case 'refunded':
      return 'Refunded';
    case 'transferred':
      return 'Transferred';
    case 'unpaid':
      return 'Not paid';
    case 'event_not_open':
      return 'Event not open';
  }
}

/** `ok` green, `already_checked_in` amber, anything else red. */
export function resultTone(result: ScanResult): 'ok' | 'warn' | 'bad' {
  return result === 'ok' ? 'ok' : result === 'already_checked_in' ? 'warn' : 'bad';
}
