// The REST API's route table: which operation a method and path are. The gate, the handlers and
// the OpenAPI document all read this one table.

export const restOperationIds = [
  'createCampaign',
  'getCampaign',
  'listCampaigns',
  'approveCampaign',
  'requestCampaignChanges',
  'rejectCampaign',
  'refineCampaign',
  'cancelCampaign',
  'retryCampaign',
  'deleteCampaign',
  'uploadBrand',
  'health',
  'listWebhookEndpoints',
  'createWebhookEndpoint',
  'deleteWebhookEndpoint',
  'listWebhookDeliveries',
  'redeliverWebhook',
] as const;
export type RestOperationId = (typeof restOperationIds)[number];

export type RestMethod = 'GET' | 'POST' | 'DELETE';

export interface RestRoute {
  method: RestMethod;
  /** OpenAPI's path template: `{id}` is one path segment. */
  path: string;
}

export const restRoutes: Record<RestOperationId, RestRoute> = {
  createCampaign: { method: 'POST', path: '/api/campaign/create' },
  getCampaign: { method: 'GET', path: '/api/campaign/{id}' },
  listCampaigns: { method: 'GET', path: '/api/campaigns/list' },
  approveCampaign: { method: 'POST', path: '/api/campaign/{id}/approve' },
  requestCampaignChanges: { method: 'POST', path: '/api/campaign/{id}/request-changes' },
  rejectCampaign: { method: 'POST', path: '/api/campaign/{id}/reject' },
  refineCampaign: { method: 'POST', path: '/api/campaign/{id}/refine' },
  cancelCampaign: { method: 'POST', path: '/api/campaign/{id}/cancel' },
  retryCampaign: { method: 'POST', path: '/api/campaign/{id}/retry' },
  deleteCampaign: { method: 'DELETE', path: '/api/campaign/{id}' },
  uploadBrand: { method: 'POST', path: '/api/brand/upload' },
  health: { method: 'GET', path: '/api/health' },
  listWebhookEndpoints: { method: 'GET', path: '/api/webhooks' },
  createWebhookEndpoint: { method: 'POST', path: '/api/webhooks' },
  deleteWebhookEndpoint: { method: 'DELETE', path: '/api/webhooks/{id}' },
  listWebhookDeliveries: { method: 'GET', path: '/api/webhooks/{id}/deliveries' },
  redeliverWebhook: { method: 'POST', path: '/api/webhooks/deliveries/{id}/redeliver' },
};

/** The API's description and its reference page: public, like GraphiQL's page, since they hold no data. */
export const openApiPath = '/api/openapi.json';
export const referencePagePath = '/api/docs';

export type RestMatch =
  | { operationId: RestOperationId; params: Record<string, string> }
  | { methodNotAllowed: true; allow: string }
  | { badPath: string };

function matchTemplate(template: string, pathname: string): Record<string, string> | null {
  const wanted = template.split('/');
  const given = pathname.split('/');
  if (wanted.length !== given.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const segment = given[index] ?? '';
    const name = part.match(/^\{(\w+)\}$/)?.[1];
    if (name) {
      if (segment === '') return null;
      params[name] = decodeURIComponent(segment);
    } else if (part !== segment) return null;
  }
  return params;
}

/** The operation at this method and path; a 405 when the path exists for other methods; null when it does not exist. */
export function matchRestRoute(pathname: string, method: string): RestMatch | null {
  const allowed: string[] = [];
  for (const operationId of restOperationIds) {
    const route = restRoutes[operationId];
    let params: Record<string, string> | null;
    try {
      params = matchTemplate(route.path, pathname);
    } catch {
      return { badPath: 'An id in this address is not valid percent-encoding.' };
    }
    if (!params) continue;
    // A literal route (/api/campaign/create) wins over a template that also matches it.
    if (route.method === method) return { operationId, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { methodNotAllowed: true, allow: [...new Set(allowed)].join(', ') } : null;
}
