import ICAL from 'ical.js';
import jsqr from 'jsqr';
import type { Attachment } from 'mailparser';
import { PNG } from 'pngjs';

/** Decodes the QR code in a PNG (jsqr on the RGBA pixels from pngjs); null when none is found. */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  // jsqr is CommonJS whose typings declare a default export; its module object carries `.default` too.
  return jsqr.default(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height)?.data ?? null;
}

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
