/** Check-in settings from the application's configuration. */
export abstract class CheckInSettings {
  /** How long before an event's start scanning opens, in minutes (default 240); it closes at the event's end. */
  abstract readonly opensBeforeMinutes: number;
}
