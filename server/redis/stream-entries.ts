// How a run's events are kept in Redis: one stream per campaign run, one entry per event. The
// entry id is the event's seq ("<seq>-0"), so a range by seq is a range by id and a write that
// is sent twice (a retry after an outage) is refused by Redis instead of being kept twice.
import type { CampaignEvent } from '../pipeline/events.js';

/** The stream of one run of one campaign. */
export const runStreamKey = (prefix: string, campaignId: string, run: number) => `${prefix}campaign-events:${campaignId}:${run}`;

export const entryId = (seq: number) => `${seq}-0`;

/** The field of an event entry, and of the entry that says a newer run replaced this one. */
export const eventField = 'e';
export const supersededField = 'superseded';

/** The event without what the key already says (campaign, run): less memory per entry. */
export function encodeEvent(event: CampaignEvent): string {
  const { campaignId: _campaign, run: _run, ...rest } = event;
  return JSON.stringify(rest);
}

export function decodeEvent(campaignId: string, run: number, value: string): CampaignEvent {
  const stored = JSON.parse(value) as Omit<CampaignEvent, 'campaignId' | 'run' | 'at'> & { at: string };
  return { ...stored, campaignId, run, at: new Date(stored.at) } as CampaignEvent;
}

/** An entry as XREAD and XRANGE return it: its id and its fields as name, value, name, value... */
export type StreamEntry = [id: string, fields: string[]];

/** What an entry says: an event, or that a newer run replaced this one (no event follows). */
export function readEntry(campaignId: string, run: number, [, fields]: StreamEntry): CampaignEvent | 'superseded' | null {
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] === eventField) return decodeEvent(campaignId, run, fields[index + 1] as string);
    if (fields[index] === supersededField) return 'superseded';
  }
  return null;
}

/** "Can't add: the id is not above the stream's last one": the entry is already there. */
export const isAlreadyWritten = (error: Error) => /equal or smaller than the target stream top item/i.test(error.message);
