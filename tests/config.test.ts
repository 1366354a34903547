import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';
import { spawnServer } from './support/server.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8000,
      HOST: '127.0.0.1',
      DATABASE_URL: 'file:./data/copilot.db',
      OLLAMA_HOST: 'http://127.0.0.1:11434',
      MODEL_CONTENT_CREATOR: 'mistral',
      MODEL_BRAND_MANAGER: 'llama3.1',
      MODEL_OPTIMIZER: 'mistral',
      LOG_LEVEL: 'info',
      REDIS_KEY_PREFIX: 'copilot:',
      QUEUE_LOCK_MS: 30_000,
    });
    // Without Redis the server is one process, as before.
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('listens on all interfaces only when API keys are configured', () => {
    expect(loadConfig({ API_KEYS: 'a,b' })).toMatchObject({ HOST: '0.0.0.0', API_KEYS: ['a', 'b'] });
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a whole number from 0 to 65535 \(got "eighty"\)/],
    ['PORT', '70000', /PORT must be at most 65535/],
    ['OLLAMA_HOST', 'ftp://ollama', /OLLAMA_HOST must be a host such as/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a SQLite URL .* or a PostgreSQL URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['PIPELINE_CONCURRENCY', '0', /PIPELINE_CONCURRENCY must be at least 1/],
    ['REDIS_URL', 'http://127.0.0.1:6379', /REDIS_URL must be a Redis URL such as "redis:\/\/127\.0\.0\.1:6379"/],
    ['REDIS_KEY_PREFIX', 'my prefix', /REDIS_KEY_PREFIX must be 1 to 64 letters, digits or "_.:-"/],
    ['QUEUE_LOCK_MS', '10', /QUEUE_LOCK_MS must be at least 1000/],
    ['LIVE_EVENTS_MAX_PER_RUN', '10', /LIVE_EVENTS_MAX_PER_RUN must be at least 1000/],
    ['LIVE_EVENTS_RETENTION_SECONDS', 'an hour', /LIVE_EVENTS_RETENTION_SECONDS must be a whole number from 10 to 604800/],
  ])('rejects %s=%s naming the variable and the rule', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('accepts PostgreSQL URLs, and never repeats a database password in its message', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://copilot:pw@db:5432/copilot' }).DATABASE_URL).toBe(
      'postgresql://copilot:pw@db:5432/copilot',
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://copilot:s3cret@db/copilot' })).toThrow('(got "mysql://copilot@db/copilot")');
  });

  it('stops the real server with one clear line on a bad value', async () => {
    const start = spawnServer({ PORT: 'eighty' });
    await expect(start).rejects.toThrow(/exited \(1\)[\s\S]*Invalid configuration: PORT must be a whole number/);
  });
});
