/** Transfer settings from the application's configuration. */
export abstract class TransferSettings {
  /** How long an offer stays open, in seconds (`TRANSFER_EXPIRY_HOURS`, default 72 h); capped at the event's end. */
  abstract readonly expirySeconds: number;
}
