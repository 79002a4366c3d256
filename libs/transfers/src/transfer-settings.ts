/** Transfer settings from the application's configuration. */
export abstract class TransferSettings {
  /** How long an offer stays open, in seconds (`TRANSFER_EXPIRY_HOURS`, default 72 h); capped at the event's end. */
  abstract readonly expirySeconds: number;
  /**
   * The front end's page for an offered ticket (`TRANSFER_ACCEPT_URL`): `transfer-offered` e-mails
   * link to it with `?transferId=…`. Unset, they say how to accept without a link.
   */
  abstract readonly acceptUrl?: string;
}
