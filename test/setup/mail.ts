import ICAL from 'ical.js';
import type { Attachment } from 'mailparser';

/** The VEVENTs of an iCalendar text, parsed by ical.js (an independent RFC 5545 parser). */
export function parseIcsEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return {
    calendar,
    events: calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent);
      return {
        uid: event.uid,
        summary: event.summary,
        location: event.location,
        description: event.description,
        start: event.startDate.toJSDate(),
        end: event.endDate.toJSDate(),
        startZone: event.startDate.zone?.tzid,
        endZone: event.endDate.zone?.tzid,
        stamp: vevent.getFirstPropertyValue('dtstamp'),
      };
    }),
  };
}

/** The attachment with this file name, or a failed expectation naming the ones present. */
export function attachmentNamed(attachments: Attachment[], filename: string): Attachment {
  const found = attachments.find((a) => a.filename === filename);
  if (!found) throw new Error(`No attachment "${filename}"; have: ${attachments.map((a) => a.filename).join(', ')}`);
  return found;
}
