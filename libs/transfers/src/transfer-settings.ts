/** Transfer settings from the application's configuration. */
export abstract class TransferSettings {
  /** How long an offer stays open, in seconds (`TRANSFER_EXPIRY_HOURS`, default 72 h); capped at the event's end. */
  abstract readonly expirySeconds: number;
  /**
   * The front end's page for an offered ticket (`TRANSFER_ACCEPT_URL`): `transfer-offered` e-mails
   * link to it with `?transferId=…`. Unset, they say how to accept without a link.
   */
  abstract readonly acceptUrl?: string;
  /**
   * Limits that keep offers from being an e-mail relay: offers one sender may make per hour
   * (`TRANSFER_OFFERS_PER_SENDER_PER_HOUR`), offers one address may receive per day from anyone
   * (`TRANSFER_OFFERS_PER_RECIPIENT_PER_DAY`), and seconds a sender waits after cancelling an offer
   * before offering to that address again (`TRANSFER_CANCEL_COOLDOWN_MINUTES`).
   */
  abstract readonly offerLimits: { perSenderPerHour: number; perRecipientPerDay: number; cancelCooldownSeconds: number };
}
