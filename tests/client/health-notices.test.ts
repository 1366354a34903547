// Health as the pages tell it: no model count made up while Ollama is offline, and the offline
// notice gone once Ollama answers again, without a reload.
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import HealthPanel from '../../client/src/lib/components/HealthPanel.svelte';
import HealthWarnings from '../../client/src/lib/components/HealthWarnings.svelte';
import type { Health } from '../../client/src/lib/types.js';
import { scriptedClient, until } from './fake-server.js';
import WithClient from './WithClient.svelte';

const model = (name: string, present: boolean) => ({ name, present, pullCommand: `ollama pull ${name}`, usedBy: ['Content Creator'] });

function healthWith(ollamaOk: boolean): Health {
  return {
    ok: ollamaOk,
    server: { ok: true, message: null, version: '0.1.0', uptimeSeconds: 5 },
    database: { ok: true, message: null },
    ollama: {
      ok: ollamaOk,
      message: ollamaOk ? null : 'connection refused',
      host: 'http://127.0.0.1:11434',
      version: ollamaOk ? '0.12.3' : null,
    },
    // Offline, the server cannot see any model: each reads as not present.
    models: ['mistral', 'llama3.1', 'nomic-embed-text'].map((name) => model(name, ollamaOk)),
  };
}

describe('health notices', () => {
  it('says the models are unknown until Ollama answers, not "0 of 3 present"', () => {
    render(HealthPanel, { props: { health: healthWith(false), error: '', loading: false, onRefresh: () => {} } });
    const models = document.querySelector('[data-component="models"]') as HTMLElement;
    expect(models.textContent).toContain('unknown until Ollama answers');
    expect(models.textContent).not.toContain('0 of 3');
  });

  it('counts the models once Ollama answers', () => {
    render(HealthPanel, { props: { health: healthWith(true), error: '', loading: false, onRefresh: () => {} } });
    expect((document.querySelector('[data-component="models"]') as HTMLElement).textContent).toContain('3 of 3 present');
  });

  it('takes the offline notice away once Ollama is back', async () => {
    let online = false;
    const { client, requests } = scriptedClient(() => ({ data: { health: healthWith(online) } }));
    render(WithClient, { props: { client, component: HealthWarnings, props: { recheckMs: 20 } } });
    await screen.findByText('Ollama is offline');
    online = true;
    await until(() => screen.queryByText('Ollama is offline') === null);
    const asked = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests.length).toBe(asked); // nothing to warn about: it stops asking
  });
});
