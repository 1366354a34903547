// The REST API through the real server: the OpenAPI document is valid and every operation answers
// as it says; good and bad input for each endpoint (status, the field named, nothing changed);
// keys, rate limits, size limits and internal errors as GraphQL has them.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../server/rest/routes.js';
import { runToEnd } from './support/campaigns.js';
import { graphqlData, type Json } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

let ollama: OllamaStandIn;
let server: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  receiver = await startWebhookReceiver();
  server = await startTestServer({
    ...withoutRateLimits,
    OLLAMA_HOST: ollama.url,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    MAX_REQUEST_BODY_BYTES: '65536',
    MAX_UPLOAD_BYTES: '32768',
  });
});
afterAll(async () => {
  await server.stop();
  await receiver.close();
  await ollama.close();
});

const json = { 'content-type': 'application/json' };
const post = (path: string, body: unknown, headers: Record<string, string> = json) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const get = (path: string) => fetch(`${server.url}${path}`);
const goodCampaign = {
  campaign_brief: 'A blog post about refill kits for city renters',
  target_audience: 'city renters',
  content_type: 'blog_post',
};

function guidelinesForm(content: string, name = 'guidelines.json', type = 'application/json'): FormData {
  const form = new FormData();
  form.set('file', new File([content], name, { type }));
  return form;
}
const upload = (form: FormData, headers: Record<string, string> = { 'graphql-require-preflight': '1' }) =>
  fetch(`${server.url}/api/brand/upload`, { method: 'POST', body: form, headers });

async function campaignCount(): Promise<number> {
  return (await graphqlData(server.graphqlUrl, '{ campaigns { totalCount } }')).campaigns.totalCount;
}

/** A campaign created over REST with a draft gate, run until it waits there; its id. */
async function waitingCampaign(): Promise<string> {
  const created = (await (await post('/api/campaign/create', { ...goodCampaign, approval_gates: ['draft'] })).json()) as Json;
  await runToEnd(server.graphqlUrl, created.campaign_id);
  return created.campaign_id;
}

async function errorOf(response: Response, status: number): Promise<Json> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as Json;
  expect(body.error.request_id).toBe(response.headers.get('x-request-id'));
  return body.error;
}

describe('the OpenAPI document', () => {
  let document: Json;
  beforeAll(async () => {
    const response = await get('/api/openapi.json');
    expect(response.headers.get('content-type')).toContain('application/json');
    document = (await response.json()) as Json;
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route of the table, and only those', () => {
    const described = Object.entries(document.paths as Record<string, Json>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routed = Object.values(restRoutes).map(({ method, path }) => `${method} ${path}`);
    expect(described.sort()).toEqual(routed.sort());
    // The request rules are the GraphQL arguments' own.
    const create = document.components.schemas.CreateCampaignRequest;
    expect(create.properties.campaign_brief).toMatchObject({ type: 'string', minLength: 10, maxLength: 4000 });
    expect(create.properties.content_type.enum).toEqual(['blog_post', 'social_media', 'email', 'ad_copy']);
    expect(create.required.sort()).toEqual(['campaign_brief', 'content_type', 'target_audience']);
    expect(create.properties.approval_gates.items.enum).toEqual(['draft', 'final']);
    expect(document.components.schemas.CampaignResponse.properties.status.enum).toContain('awaiting_approval');
    expect(document.components.schemas.RequestChangesRequest.properties.feedback).toMatchObject({ minLength: 3, maxLength: 2000 });
    expect(document.components.schemas.RejectCampaignRequest.required).toEqual(['reason']);
  });

  it('every operation answers with the status and body it documents, for good input and for bad', async () => {
    // What each operation needs to exist: a brand, a finished campaign, an endpoint with a delivery.
    const brand = (await (await upload(guidelinesForm(JSON.stringify({ name: 'Docs Brand', colors: ['#1A7F5A'] })))).json()) as Json;
    const endpoint = (await (await post('/api/webhooks', { url: receiver.url, events: ['campaign.finished'] })).json()) as Json;
    const spare = (await (await post('/api/webhooks', { url: receiver.url, events: ['campaign.failed'] })).json()) as Json;
    const created = (await (await post('/api/campaign/create', { ...goodCampaign, brand_id: brand.brand_id })).json()) as Json;
    await runToEnd(server.graphqlUrl, created.campaign_id);
    await receiver.waitFor(1);
    const [delivery] = ((await (await get(`/api/webhooks/${endpoint.endpoint.id}/deliveries`)).json()) as Json).deliveries;
    // Three campaigns waiting at their draft gate, one for each decision, and a completed one to refine.
    const [toApprove, toSendBack, toReject] = await Promise.all([1, 2, 3].map(() => waitingCampaign()));
    const toRefine = (await (await post('/api/campaign/create', goodCampaign)).json()) as Json;
    await runToEnd(server.graphqlUrl, toRefine.campaign_id);
    // One to cancel (waiting at its gate), one cancelled to retry, one finished to delete.
    const [toCancel, toRetry] = await Promise.all([waitingCampaign(), waitingCampaign()]);
    await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id: toRetry });
    const toDelete = (await (await post('/api/campaign/create', goodCampaign)).json()) as Json;
    await runToEnd(server.graphqlUrl, toDelete.campaign_id);

    const good: Record<string, () => Promise<Response>> = {
      createCampaign: () => post('/api/campaign/create', { ...goodCampaign, keyphrase: 'refill kits', models: { optimizer: 'mistral' } }),
      getCampaign: () => get(`/api/campaign/${created.campaign_id}`),
      listCampaigns: () => get('/api/campaigns/list?limit=5&status=completed'),
      approveCampaign: () => post(`/api/campaign/${toApprove}/approve`, { edited_content: 'The approved draft, edited.', by: 'Docs' }),
      requestCampaignChanges: () => post(`/api/campaign/${toSendBack}/request-changes`, { feedback: 'Shorter, please.' }),
      rejectCampaign: () => post(`/api/campaign/${toReject}/reject`, { reason: 'Off brief.', by: 'Docs' }),
      refineCampaign: () => post(`/api/campaign/${toRefine.campaign_id}/refine`, { instruction: 'more formal' }),
      cancelCampaign: () => post(`/api/campaign/${toCancel}/cancel`, {}),
      retryCampaign: () => post(`/api/campaign/${toRetry}/retry`, {}),
      deleteCampaign: () => fetch(`${server.url}/api/campaign/${toDelete.campaign_id}`, { method: 'DELETE' }),
      uploadBrand: () => upload(guidelinesForm('# Docs Brand\n\n## Voice\nwarm\n\n## Keywords\n- refill', 'brand.md', 'text/markdown')),
      health: () => get('/api/health'),
      listWebhookEndpoints: () => get('/api/webhooks'),
      createWebhookEndpoint: () =>
        post('/api/webhooks', { url: receiver.url, events: ['campaign.awaiting_approval'], description: 'docs' }),
      deleteWebhookEndpoint: () => fetch(`${server.url}/api/webhooks/${spare.endpoint.id}`, { method: 'DELETE' }),
      listWebhookDeliveries: () => get(`/api/webhooks/${endpoint.endpoint.id}/deliveries?limit=10`),
      redeliverWebhook: () => post(`/api/webhooks/deliveries/${delivery.id}/redeliver`, {}),
    };
    const bad: Record<string, [() => Promise<Response>, number]> = {
      createCampaign: [() => post('/api/campaign/create', { ...goodCampaign, content_type: 'poem' }), 400],
      getCampaign: [() => get('/api/campaign/no-such-campaign'), 404],
      listCampaigns: [() => get('/api/campaigns/list?limit=0'), 400],
      // A completed campaign is not waiting for a decision.
      approveCampaign: [() => post(`/api/campaign/${created.campaign_id}/approve`, {}), 400],
      requestCampaignChanges: [() => post(`/api/campaign/${created.campaign_id}/request-changes`, { feedback: 'ok' }), 400],
      rejectCampaign: [() => post(`/api/campaign/${created.campaign_id}/reject`, {}), 400],
      refineCampaign: [() => post('/api/campaign/no-such-campaign/refine', { instruction: 'more formal' }), 404],
      // A completed campaign can be neither cancelled nor retried.
      cancelCampaign: [() => post(`/api/campaign/${created.campaign_id}/cancel`, {}), 400],
      retryCampaign: [() => post(`/api/campaign/${created.campaign_id}/retry`, {}), 400],
      deleteCampaign: [() => fetch(`${server.url}/api/campaign/no-such-campaign`, { method: 'DELETE' }), 404],
      uploadBrand: [() => upload(guidelinesForm('{"name": 42}')), 400],
      health: [() => fetch(`${server.url}/api/health`, { headers: { origin: 'https://evil.example' } }), 403],
      listWebhookEndpoints: [() => fetch(`${server.url}/api/webhooks`, { headers: { origin: 'https://evil.example' } }), 403],
      createWebhookEndpoint: [() => post('/api/webhooks', { url: receiver.url, events: ['campaign.started'] }), 400],
      deleteWebhookEndpoint: [() => fetch(`${server.url}/api/webhooks/nope`, { method: 'DELETE' }), 404],
      listWebhookDeliveries: [() => get('/api/webhooks/nope/deliveries'), 404],
      redeliverWebhook: [() => post('/api/webhooks/deliveries/nope/redeliver', {}), 404],
    };

    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(document, 'api');
    const check = (schemaRef: string, body: unknown) => {
      const validate = ajv.getSchema(`api${schemaRef}`);
      if (!validate) throw new Error(`no schema ${schemaRef}`);
      expect(validate(body), `${schemaRef}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };

    for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
      for (const [method, operation] of Object.entries(methods)) {
        const label = `${method.toUpperCase()} ${path}`;
        const request = good[operation.operationId];
        const badRequest = bad[operation.operationId];
        if (!request || !badRequest) throw new Error(`no example request for ${label}`);
        const response = await request();
        const body = await response.json();
        const [status, documented] = Object.entries(operation.responses as Record<string, Json>)[0] ?? [];
        expect(response.status, `${label}: ${JSON.stringify(body)}`).toBe(Number(status));
        check(documented?.content['application/json'].schema.$ref, body);

        const [sendBad, badStatus] = badRequest;
        const refused = await sendBad();
        expect(Object.keys(operation.responses)).toContain(String(badStatus));
        expect(refused.status, label).toBe(badStatus);
        check('#/components/schemas/Error', await refused.json());
      }
    }
  });

  it('has a reference page served by the app itself, with nothing loaded from elsewhere', async () => {
    const response = await get('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await response.text();
    for (const { path } of Object.values(restRoutes)) expect(page).toContain(`<code>${path}</code>`);
    expect(page).not.toMatch(/<script|<link|src=|https?:\/\/(?!json-schema)/);
  });
});

describe('POST /api/campaign/create', () => {
  it.each([
    ['a missing brief', { target_audience: 'renters', content_type: 'email' }, 'campaign_brief', 'is required'],
    ['a short brief', { ...goodCampaign, campaign_brief: 'too short' }, 'campaign_brief', 'must be at least 10 characters'],
    ['a brief that is not text', { ...goodCampaign, campaign_brief: 42 }, 'campaign_brief', 'expected string'],
    [
      'an unknown content type',
      { ...goodCampaign, content_type: 'BLOG_POST' },
      'content_type',
      'must be one of blog_post, social_media, email, ad_copy',
    ],
    ['a long audience', { ...goodCampaign, target_audience: 'x'.repeat(501) }, 'target_audience', 'must be at most 500 characters'],
    ['an unknown field', { ...goodCampaign, brief: 'the GraphQL name' }, 'brief', 'is not a field of this request'],
    ['a gate named twice', { ...goodCampaign, approval_gates: ['draft', 'draft'] }, 'approval_gates', 'must not name a gate twice'],
    ['an unknown gate', { ...goodCampaign, approval_gates: ['DRAFT'] }, 'approval_gates.0', 'must be one of draft, final'],
    ['a bad model name', { ...goodCampaign, models: { optimizer: 'mistral; rm -rf' } }, 'models.optimizer', 'must be an Ollama model name'],
    [
      'a control character',
      { ...goodCampaign, campaign_brief: 'A blog post about refills\u0007 for renters' },
      'campaign_brief',
      'must not contain control characters (found U+0007)',
    ],
    [
      'a bidi override',
      { ...goodCampaign, target_audience: 'renters \u202E in the city' },
      'target_audience',
      'must not contain bidirectional override characters',
    ],
  ])('refuses %s with 400 naming the field, and creates nothing', async (_case, body, field, rule) => {
    const before = await campaignCount();
    const error = await errorOf(await post('/api/campaign/create', body), 400);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toContain(`${field}: `);
    expect(error.message).toContain(rule);
    expect(await campaignCount()).toBe(before);
  });

  it('refuses an unknown brand with 404 naming brand_id', async () => {
    const before = await campaignCount();
    const error = await errorOf(await post('/api/campaign/create', { ...goodCampaign, brand_id: 'no-such-brand' }), 404);
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'brand_id' });
    expect(error.message).toBe('brand_id: Brand "no-such-brand" was not found');
    expect(await campaignCount()).toBe(before);
  });

  it('refuses bodies that are not JSON objects, too large, or of another media type', async () => {
    const before = await campaignCount();
    expect((await errorOf(await post('/api/campaign/create', '{"campaign_brief": '), 400)).message).toBe(
      'The request body is not valid JSON.',
    );
    expect((await errorOf(await post('/api/campaign/create', '[1, 2]'), 400)).message).toBe('The request body must be a JSON object.');
    const huge = { ...goodCampaign, padding: 'x'.repeat(70_000) };
    expect((await errorOf(await post('/api/campaign/create', huge), 413)).code).toBe('REQUEST_ENTITY_TOO_LARGE');
    // A form type without a preflight header could be a forged post: refused before anything runs.
    expect(
      (await errorOf(await post('/api/campaign/create', JSON.stringify(goodCampaign), { 'content-type': 'text/plain' }), 403)).code,
    ).toBe('FORBIDDEN');
    const plain = await post('/api/campaign/create', JSON.stringify(goodCampaign), {
      'content-type': 'text/plain',
      'graphql-require-preflight': '1',
    });
    expect((await errorOf(plain, 415)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await campaignCount()).toBe(before);
  });

  it('creates a campaign and answers the Campaign Response, with where to read it', async () => {
    const response = await post('/api/campaign/create', { ...goodCampaign, content_type: 'ad_copy', brand_id: null });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({ content: null, validations: null, agent_feedback: {}, error: null });
    expect(['queued', 'running']).toContain(body.status);
    expect(response.headers.get('location')).toBe(`/api/campaign/${body.campaign_id}`);
    await runToEnd(server.graphqlUrl, body.campaign_id);
    const done = (await (await get(`/api/campaign/${body.campaign_id}`)).json()) as Json;
    expect(done).toMatchObject({ campaign_id: body.campaign_id, status: 'completed' });
    expect(Object.keys(done.validations).sort()).toEqual(['brand_alignment', 'compliance', 'overall_quality', 'readability']);
    expect(Object.keys(done.agent_feedback)).toEqual(expect.arrayContaining(['content_creator', 'brand_manager', 'optimizer']));
    expect(done.content.length).toBeGreaterThan(20);
    // The same JSON as the download.
    const download = await (await get(`/campaigns/${body.campaign_id}/export.json`)).json();
    expect(done).toEqual(download);
  });
});

describe('the approval actions', () => {
  const approvalsOf = async (id: string) =>
    (
      await graphqlData(
        server.graphqlUrl,
        'query ($id: ID!) { campaign(id: $id) { status approvals { gate decision by editedContent note } } }',
        { id },
      )
    ).campaign;

  it('refuses bad decisions with 400 or 404 naming the REST field, and changes nothing', async () => {
    const id = await waitingCampaign();
    const waiting = (await (await get(`/api/campaign/${id}`)).json()) as Json;
    expect(waiting.status).toBe('awaiting_approval');
    expect(waiting.pending_approval).toMatchObject({ gate: 'draft', requested_at: expect.any(String) });
    expect(waiting.pending_approval.content.length).toBeGreaterThan(20);
    const before = await approvalsOf(id);
    expect(before).toEqual({ status: 'AWAITING_APPROVAL', approvals: [] });
    const cases: [string, unknown, string, string][] = [
      ['request-changes', { feedback: 'ok' }, 'feedback', 'must be at least 3 characters'],
      ['request-changes', { by: 'Ana' }, 'feedback', 'is required'],
      ['reject', { reason: 'x'.repeat(2001) }, 'reason', 'must be at most 2000 characters'],
      ['approve', { edited_content: '   ' }, 'edited_content', 'must not be blank'],
      ['approve', { editedContent: 'the GraphQL name' }, 'editedContent', 'is not a field of this request'],
      ['approve', { by: 'x'.repeat(101) }, 'by', 'must be at most 100 characters'],
      ['approve', { edited_content: 42 }, 'edited_content', 'expected string'],
      // Caught by GraphQL's text rules underneath, and named in the REST request's words.
      [
        'approve',
        { edited_content: 'An edit with \u202E a bidi override' },
        'edited_content',
        'must not contain bidirectional override characters',
      ],
      ['refine', { instruction: 'shorter' }, 'id', 'only a completed campaign can be refined'],
    ];
    for (const [action, body, field, rule] of cases) {
      const error = await errorOf(await post(`/api/campaign/${id}/${action}`, body), 400);
      expect(error, `${action} ${JSON.stringify(body).slice(0, 80)}`).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message).toContain(`${field}: `);
      expect(error.message).toContain(rule);
    }
    expect((await errorOf(await post('/api/campaign/no-such-campaign/approve', {}), 404)).code).toBe('NOT_FOUND');
    expect((await errorOf(await post(`/api/campaign/${id}/approve`, 'not json'), 400)).message).toBe('The request body is not valid JSON.');
    expect(await approvalsOf(id)).toEqual(before);
  });

  it('approves a campaign waiting at its draft gate, edited, and it runs on to completion', async () => {
    const id = await waitingCampaign();
    const approved = await post(`/api/campaign/${id}/approve`, {
      edited_content: 'Refill kits for city renters: the draft as the editor rewrote it.',
      by: 'Ana from marketing',
    });
    expect(approved.status).toBe(200);
    const answer = (await approved.json()) as Json;
    expect(answer.campaign_id).toBe(id);
    expect(['queued', 'running']).toContain(answer.status);
    await runToEnd(server.graphqlUrl, id);
    const done = (await (await get(`/api/campaign/${id}`)).json()) as Json;
    expect(done).toMatchObject({ status: 'completed', error: null, pending_approval: null });
    expect(done.content.length).toBeGreaterThan(20);
    expect(await approvalsOf(id)).toEqual({
      status: 'COMPLETED',
      approvals: [
        {
          gate: 'DRAFT',
          decision: 'APPROVED',
          by: 'Ana from marketing',
          editedContent: 'Refill kits for city renters: the draft as the editor rewrote it.',
          note: null,
        },
      ],
    });
    // Decided once: a second approval names the status it is in now.
    const again = await errorOf(await post(`/api/campaign/${id}/approve`, {}), 400);
    expect(again).toMatchObject({ field: 'id' });
    expect(again.message).toContain('campaign is COMPLETED');
  });

  it('sends a waiting campaign back with feedback, and rejects another with a reason', async () => {
    const [sentBack, rejected] = await Promise.all([waitingCampaign(), waitingCampaign()]);
    const back = await post(`/api/campaign/${sentBack}/request-changes`, { feedback: 'Name the Saturday repair café.', by: 'Ana' });
    expect(back.status).toBe(200);
    await runToEnd(server.graphqlUrl, sentBack);
    expect((await approvalsOf(sentBack)).approvals).toEqual([
      { gate: 'DRAFT', decision: 'CHANGES_REQUESTED', by: 'Ana', editedContent: null, note: 'Name the Saturday repair café.' },
    ]);
    // Sent back to the Content Creator: it comes to the same gate again.
    expect((await (await get(`/api/campaign/${sentBack}`)).json()).status).toBe('awaiting_approval');

    const no = await post(`/api/campaign/${rejected}/reject`, { reason: 'Off brief for this quarter.' });
    expect(no.status).toBe(200);
    const body = (await no.json()) as Json;
    expect(body).toMatchObject({ campaign_id: rejected, status: 'rejected' });
    expect(body.error).toContain('Off brief for this quarter.');
  });

  it('refines a completed campaign with an instruction, as a new run', async () => {
    const created = (await (await post('/api/campaign/create', goodCampaign)).json()) as Json;
    await runToEnd(server.graphqlUrl, created.campaign_id);
    const refined = await post(`/api/campaign/${created.campaign_id}/refine`, { instruction: 'make it shorter', by: 'Ana' });
    expect(refined.status).toBe(200);
    await runToEnd(server.graphqlUrl, created.campaign_id);
    const state = await approvalsOf(created.campaign_id);
    expect(state.status).toBe('COMPLETED');
    expect(state.approvals).toEqual([
      { gate: 'FINAL', decision: 'CHANGES_REQUESTED', by: 'Ana', editedContent: null, note: 'make it shorter' },
    ]);
  });
});

describe('cancel, retry and delete', () => {
  it('cancels a campaign, retries it from where it stopped, and deletes it, as GraphQL does', async () => {
    const id = await waitingCampaign();
    const cancelled = (await (await post(`/api/campaign/${id}/cancel`, {})).json()) as Json;
    expect(cancelled).toMatchObject({ campaign_id: id, status: 'cancelled' });
    const retried = (await (await post(`/api/campaign/${id}/retry`, {})).json()) as Json;
    expect(retried).toMatchObject({ campaign_id: id, status: 'queued' });
    await runToEnd(server.graphqlUrl, id);
    expect(((await (await get(`/api/campaign/${id}`)).json()) as Json).status).toBe('awaiting_approval');

    const refused = await errorOf(await post(`/api/campaign/${id}/retry`, {}), 400);
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const deleted = await fetch(`${server.url}/api/campaign/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ campaign_id: id, deleted: true });
    expect((await errorOf(await get(`/api/campaign/${id}`), 404)).code).toBe('NOT_FOUND');
  });
});

describe('any JSON body', () => {
  it('gets a 201 or a coded error naming a field, never a 500, and only a 201 creates anything', async () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme', minLength: 10, maxLength: 60 }),
      fc.constantFrom('', ' ', '\u0000x', '\u202Eabc'),
    );
    const value = fc.oneof(
      text,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(text, { maxLength: 2 }),
      fc.dictionary(fc.string(), text, { maxKeys: 2 }),
    );
    const body = fc.record(
      {
        campaign_brief: fc.oneof(text, value),
        target_audience: fc.oneof(text, value),
        content_type: fc.oneof(fc.constantFrom('blog_post', 'email', 'ad_copy', 'social_media', 'BLOG_POST'), value),
        brand_id: fc.oneof(fc.constant(null), text, value),
        keyphrase: fc.oneof(text, value),
        models: fc.oneof(fc.record({ optimizer: fc.oneof(fc.constant('mistral'), text) }, { requiredKeys: [] }), value),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (sent) => {
        const before = await campaignCount();
        const response = await post('/api/campaign/create', sent);
        const answer = (await response.json()) as Json;
        if (response.status === 201) {
          expect(await campaignCount()).toBe(before + 1);
          return;
        }
        expect([400, 404]).toContain(response.status);
        expect(answer.error.field).toEqual(expect.any(String));
        expect(answer.error.message).toContain(`${answer.error.field}: `);
        expect(await campaignCount()).toBe(before);
      }),
      { numRuns: 60, interruptAfterTimeLimit: 20_000 },
    );
  });
});

describe('GET /api/campaigns/list', () => {
  it('pages newest first with next_cursor, filters, and names a bad parameter', async () => {
    const total = await campaignCount();
    expect(total).toBeGreaterThanOrEqual(3);
    const first = (await (await get('/api/campaigns/list?limit=2')).json()) as Json;
    expect(first.campaigns).toHaveLength(2);
    expect(first.total).toBe(total);
    const seen = first.campaigns.map((campaign: Json) => campaign.campaign_id);
    let cursor = first.next_cursor;
    while (cursor) {
      const page = (await (await get(`/api/campaigns/list?limit=2&cursor=${cursor}`)).json()) as Json;
      seen.push(...page.campaigns.map((campaign: Json) => campaign.campaign_id));
      cursor = page.next_cursor;
    }
    expect(new Set(seen).size).toBe(total);
    const completed = (await (await get('/api/campaigns/list?status=completed&limit=100')).json()) as Json;
    expect(completed.campaigns.every((campaign: Json) => campaign.status === 'completed')).toBe(true);
    // A page is read in two queries, not two per campaign: each campaign as GET /api/campaign/{id} answers it.
    expect(completed.campaigns.length).toBeGreaterThan(0);
    for (const listed of completed.campaigns) {
      expect(Object.keys(listed.agent_feedback).length).toBeGreaterThan(0);
      expect(listed).toEqual(await (await get(`/api/campaign/${listed.campaign_id}`)).json());
    }

    expect(await errorOf(await get('/api/campaigns/list?cursor=nope'), 400)).toMatchObject({ field: 'cursor' });
    expect(await errorOf(await get('/api/campaigns/list?limit=101'), 400)).toMatchObject({
      field: 'limit',
      message: 'limit: must be at most 100',
    });
    expect(await errorOf(await get('/api/campaigns/list?limit=ten'), 400)).toMatchObject({
      field: 'limit',
      message: 'limit: must be a whole number',
    });
    expect(await errorOf(await get('/api/campaigns/list?status=done'), 400)).toMatchObject({ field: 'status' });
    expect(await errorOf(await get('/api/campaigns/list?page=2'), 400)).toMatchObject({ field: 'page' });
  });
});

describe('POST /api/brand/upload', () => {
  const brandCount = async () => (await graphqlData(server.graphqlUrl, '{ brands { id } }')).brands.length;

  it('creates a brand from a guidelines file, and updates it from the next one', async () => {
    const created = await upload(guidelinesForm(JSON.stringify({ name: 'Upload Brand', keywords: ['refill'], colors: ['#123456'] })));
    expect(created.status).toBe(200);
    const brand = (await created.json()) as Json;
    expect(brand).toMatchObject({ name: 'Upload Brand', keywords: ['refill'], colors: ['#123456'], prohibited_topics: [] });
    const updated = (await (await upload(guidelinesForm(JSON.stringify({ name: 'Upload Brand', voice: 'warm' })))).json()) as Json;
    expect(updated).toMatchObject({ brand_id: brand.brand_id, voice: 'warm' });
  });

  it('refuses a bad file, a missing file, a large file, a forged form and another media type, saving nothing', async () => {
    const before = await brandCount();
    const invalid = await errorOf(await upload(guidelinesForm(JSON.stringify({ name: 'Bad Colours', colors: ['green'] }))), 400);
    expect(invalid).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(invalid.message).toContain('Colours, entry 1');
    const noFile = new FormData();
    noFile.set('document', 'text');
    expect(await errorOf(await upload(noFile), 400)).toMatchObject({
      field: 'file',
      message: 'file: is required, as a file part of the form',
    });
    // Over MAX_UPLOAD_BYTES (32 KiB here), and over MAX_REQUEST_BODY_BYTES (64 KiB).
    const large = await errorOf(await upload(guidelinesForm(`{"name": "Big", "voice": "${'x'.repeat(40_000)}"}`)), 413);
    expect(large).toMatchObject({ code: 'REQUEST_ENTITY_TOO_LARGE', field: 'file' });
    const huge = await errorOf(await upload(guidelinesForm(`{"name": "Huge", "voice": "${'x'.repeat(70_000)}"}`)), 413);
    expect(huge.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect((await errorOf(await upload(guidelinesForm('{"name": "Forged"}'), {}), 403)).code).toBe('FORBIDDEN');
    expect((await errorOf(await post('/api/brand/upload', { name: 'Json' }), 415)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await brandCount()).toBe(before);
  });
});

describe('routes', () => {
  it('answers 405 with Allow for another method, and 404 for an unknown path under /api', async () => {
    const wrongMethod = await fetch(`${server.url}/api/campaigns/list`, { method: 'DELETE' });
    expect((await errorOf(wrongMethod, 405)).code).toBe('METHOD_NOT_ALLOWED');
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect((await errorOf(await get('/api/campaign'), 404)).message).toContain('/api/openapi.json');
    expect((await errorOf(await get('/api/campaign/a/b'), 404)).code).toBe('NOT_FOUND');
  });
});
