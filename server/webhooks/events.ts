// The events a webhook endpoint can receive, and which campaign status each one follows.
export const webhookEvents = ['campaign.finished', 'campaign.failed', 'campaign.awaiting_approval'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

export const webhookEventDescriptions: Record<WebhookEvent, string> = {
  'campaign.finished': 'A campaign completed: its content and scores are ready.',
  'campaign.failed': 'A campaign failed; `error` says why.',
  'campaign.awaiting_approval': 'A campaign stopped at an approval gate and waits for a person.',
};

/**
 * The event a status change is, if any. A string, not CampaignStatus: AWAITING_APPROVAL comes
 * with the approval gates, and this list need not change when it does.
 */
export function eventForStatus(status: string): WebhookEvent | null {
  switch (status) {
    case 'COMPLETED':
      return 'campaign.finished';
    case 'FAILED':
      return 'campaign.failed';
    case 'AWAITING_APPROVAL':
      return 'campaign.awaiting_approval';
    default:
      return null;
  }
}
