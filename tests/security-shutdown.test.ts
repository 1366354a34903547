// A graceful stop ends open streams properly: graphql-ws sockets close with 1001 "Going away"
// (clients reconnect and resume with afterSeq), SSE responses end, and the stop does not wait
// on them. (SIGTERM mid-campaign and the resume after restart: tests/campaign-lifecycle.test.ts.)
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnServer, startTestServer, temporaryDatabase } from './support/server.js';

describe('stopping the server with subscribers connected', () => {
  it('closes graphql-ws subscribers with 1001 and ends SSE streams, promptly', async () => {
    const server = await startTestServer();
    const socket = new WebSocket(server.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    const acknowledged = new Promise<void>((resolve) => {
      socket.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') resolve();
      });
    });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    await acknowledged;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { campaignUpdates { id } }' } }));

    const sse = await fetch(`${server.graphqlUrl}?query=${encodeURIComponent('subscription { campaignUpdates { id } }')}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(sse.status).toBe(200);
    const reader = sse.body?.getReader();
    await reader?.read(); // the opening ping: the stream is live
    const sseEnded = (async () => {
      try {
        while (!(await reader?.read())?.done);
        return 'ended';
      } catch {
        return 'ended'; // the connection closed under it: clients see the stream end and reconnect
      }
    })();

    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(await sseEnded).toBe('ended');
  });
});

describe('npm start on SIGINT', () => {
  it('stops gracefully, says so, and exits 0', async () => {
    const database = await temporaryDatabase();
    try {
      const server = await spawnServer({ DATABASE_URL: database.url, OLLAMA_HOST: 'http://127.0.0.1:9' });
      expect(await server.stop('SIGINT')).toBe(0);
      expect(server.output()).toMatch(/"signal":"SIGINT"[^\n]*shutting down/);
      expect(server.output()).toMatch(/"msg":"stopped"/);
    } finally {
      await database.remove();
    }
  });
});
