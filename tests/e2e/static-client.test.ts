// useStaticClient: the built client's files over HTTP, and nothing outside them.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useStaticClient } from '../../server/static-client.js';

let folder: string;
let dist: string;
let yoga: ReturnType<typeof createYoga>;

const schema = createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
const get = (path: string, init: RequestInit = {}) => yoga.fetch(`http://copilot.test${path}`, init);

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'static-client-'));
  dist = join(folder, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Content Copilot</title>');
  await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log("client")');
  await writeFile(join(dist, 'assets', 'index-abc123.css'), 'body{}');
  await writeFile(join(dist, '.build-stamp'), 'hash');
  await writeFile(join(folder, 'secret.txt'), 'TOP SECRET');
  yoga = createYoga({ schema, graphqlEndpoint: '/graphql', landingPage: false, plugins: [useStaticClient(dist)] });
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('useStaticClient', () => {
  it('serves index.html at / and for paths that name no file (the client routes by hash)', async () => {
    for (const path of ['/', '/index.html', '/campaigns/abc', '/some/deep/route']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>Content Copilot</title>');
    }
  });

  it('serves built assets with their content type, cached for good', async () => {
    const script = await get('/assets/index-abc123.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(await script.text()).toBe('console.log("client")');
    expect((await get('/assets/index-abc123.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for a missing file, and 304 when the browser has the current one', async () => {
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/favicon.ico')).status).toBe(404);
    const first = await get('/assets/index-abc123.js');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    expect((await get('/assets/index-abc123.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('answers HEAD with the headers only', async () => {
    const response = await get('/assets/index-abc123.js', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String('console.log("client")'.length));
    expect(await response.text()).toBe('');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%5c..%5csecret.txt',
    '/.build-stamp',
    '/%00.js',
    '/%E0%A4%A.js',
  ])('never serves anything outside dist or hidden: %s', async (path) => {
    const response = await get(path);
    const body = await response.text();
    expect(body).not.toContain('TOP SECRET');
    expect(body).not.toBe('hash');
    expect([200, 404]).toContain(response.status);
  });

  it('leaves /graphql, the export downloads and other methods to their handlers', async () => {
    const graphql = await get('/graphql?query=%7Bhello%7D', { headers: { accept: 'application/json' } });
    expect(await graphql.json()).toEqual({ data: { hello: 'world' } });
    const exported = await get('/campaigns/abc/export.json');
    expect(await exported.text()).not.toContain('Content Copilot');
    const posted = await get('/', { method: 'POST', body: 'x' });
    expect(await posted.text()).not.toContain('Content Copilot');
  });

  it('says how to build the client when dist is missing', async () => {
    const bare = createYoga({ schema, landingPage: false, plugins: [useStaticClient(join(folder, 'nothing-here'))] });
    const response = await bare.fetch('http://copilot.test/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:client');
  });
});
