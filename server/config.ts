// Every environment variable the server reads, parsed once at start.
import { z } from 'zod';
import { redactedUrl } from './db/database-url.js';
import { modelNameProblem } from './llm/model-name-grammar.js';
import { formatOllamaHost, ollamaHostUrl } from './llm/ollama-names.js';
import { defaultCommandTimeoutMs } from './redis/connection.js';
import { isAddressOrRange } from './security/client-address.js';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true');

const integer = (fallback: number, min: number, max: number) => {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ error: rule })
    .int(rule)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);
};

const entries = (value: string) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

const list = z.string().default('').transform(entries);

/** Browser origins such as "https://app.example.com", normalised; "*" is refused because credentials are allowed. */
const origins = list.pipe(
  z.array(
    z.string().transform((value, context) => {
      const origin = URL.canParse(value) ? new URL(value).origin : 'null';
      if (origin === 'null' || !/^https?:/.test(origin)) {
        context.addIssue({ code: 'custom', message: `must list origins such as "https://app.example.com" (bad entry "${value}")` });
        return z.NEVER;
      }
      return origin;
    }),
  ),
);

/** Proxy addresses or CIDR ranges such as "10.0.0.0/8", whose X-Forwarded-For is believed. */
const proxyAddresses = list.pipe(
  z.array(
    z.string().superRefine((value, context) => {
      if (!isAddressOrRange(value)) {
        context.addIssue({
          code: 'custom',
          message: `must list IP addresses or CIDR ranges such as "172.16.0.0/12" (bad entry "${value}")`,
        });
      }
    }),
  ),
);

/** Host names such as "copilot.example.com" or ".example.com" (and its subdomains), lower-cased; "*" allows any. */
const hostNames = list.pipe(
  z.array(
    z.string().transform((value, context) => {
      const name = value.toLowerCase();
      if (name !== '*' && !/^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name)) {
        context.addIssue({
          code: 'custom',
          message: `must list host names such as "copilot.example.com", without port or scheme (bad entry "${value}")`,
        });
        return z.NEVER;
      }
      return name;
    }),
  ),
);

/** An OTLP/HTTP collector address such as "http://127.0.0.1:4318". */
const otlpEndpoint = z
  .string()
  .trim()
  .refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    'must be an http(s) URL such as "http://127.0.0.1:4318"',
  )
  .optional();

/** An Ollama model name, read with Ollama's grammar; the message says which part is wrong. */
const modelName = (fallback: string) =>
  z
    .string()
    .trim()
    .superRefine((name, context) => {
      const problem = modelNameProblem(name);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .default(fallback);

const environmentSchema = z.object({
  PORT: integer(8000, 0, 65535),
  HOST: z.string().trim().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:.+|postgres(ql)?:\/\/.+)/i,
      'must be a SQLite URL such as "file:./data/copilot.db" or a PostgreSQL URL such as "postgres://user:password@host:5432/copilot"',
    )
    .default('file:./data/copilot.db'),
  // One host or several, comma-separated; each in any form Ollama accepts. Parsed into OLLAMA_HOSTS.
  OLLAMA_HOST: z
    .string()
    .default('http://127.0.0.1:11434')
    .transform(entries)
    .refine((hosts) => hosts.length > 0, 'must name at least one host, such as "http://127.0.0.1:11434"')
    .pipe(
      z.array(
        z.string().transform((value, context) => {
          const url = ollamaHostUrl(value);
          if (url) return formatOllamaHost(url);
          context.addIssue({
            code: 'custom',
            message: `must be a host such as "http://127.0.0.1:11434" or "127.0.0.1:11434", as Ollama accepts, or several separated by commas (bad entry "${value}")`,
          });
          return z.NEVER;
        }),
      ),
    )
    .transform((hosts) => [...new Set(hosts)]),
  // How the health panel and error messages tell you to pull a missing model (docker-compose sets its own).
  OLLAMA_PULL_COMMAND: z.string().trim().min(1).default('ollama pull'),
  MODEL_CONTENT_CREATOR: modelName('mistral'),
  MODEL_BRAND_MANAGER: modelName('llama3.1'),
  MODEL_COMPLIANCE_OFFICER: modelName('llama3.1'),
  MODEL_DESIGN_VALIDATOR: modelName('llama3.1'),
  MODEL_OPTIMIZER: modelName('mistral'),
  MODEL_EMBEDDING: modelName('nomic-embed-text'),
  // Redis for running several instances as one (queue, cancel, rate limits, live events); unset: one process.
  REDIS_URL: z
    .string()
    .trim()
    .refine(
      (value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol),
      'must be a Redis URL such as "redis://127.0.0.1:6379" or "rediss://user:password@host:6380/0"',
    )
    .optional(),
  // Every key the server writes starts with this, so several deployments (or tests) can share one Redis.
  REDIS_KEY_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or "_.:-", such as "copilot:"')
    .default('copilot:'),
  // With Redis: how long a request waits for each Redis reply before it is refused with SERVICE_UNAVAILABLE
  // (a Redis that accepts connections but does not answer); the queue's own worker waits it out instead.
  REDIS_COMMAND_TIMEOUT_MS: integer(defaultCommandTimeoutMs, 100, 60_000),
  // How long an instance's hold on a running campaign lasts without renewal: after a crash, another instance resumes it this long after.
  QUEUE_LOCK_MS: integer(30_000, 1000, 600_000),
  // With Redis: a run's live event stream is kept this long after its last event, for reconnecting subscribers.
  LIVE_EVENTS_RETENTION_SECONDS: integer(3600, 10, 7 * 24 * 3600),
  // With Redis: the most events kept per run's stream (a blog campaign has about 2,000; 4,000 with two revisions).
  LIVE_EVENTS_MAX_PER_RUN: integer(100_000, 1000, 10_000_000),
  PIPELINE_CONCURRENCY: integer(2, 1, 64),
  QUEUE_LIMIT: integer(200, 1, 100_000),
  REVISION_ROUNDS: integer(2, 0, 10),
  BRAND_THRESHOLD: integer(70, 0, 100),
  LLM_RETRIES: integer(3, 0, 10),
  LLM_RETRY_DELAY_MS: integer(1000, 0, 60_000),
  LLM_TIMEOUT_MS: integer(120_000, 100, 3_600_000),
  // Loading a 7B model from disk, or waiting behind other requests (OLLAMA_NUM_PARALLEL), takes a while.
  LLM_FIRST_TOKEN_TIMEOUT_MS: integer(300_000, 100, 3_600_000),
  LLM_STEP_TIMEOUT_MS: integer(900_000, 100, 24 * 3_600_000),
  // The Compliance Officer and the Design Validator review the draft at the same time.
  PARALLEL_REVIEWERS: flag(true),
  // Model chunks that arrive together go out as one TokenChunk (fewer, larger events on a busy server).
  MERGE_TOKEN_CHUNKS: flag(true),
  // Operations, subscription events above all, run as compiled code (graphql-jit) instead of being re-planned each time.
  GRAPHQL_JIT: flag(true),
  // An identical request returns the earlier result at once (createCampaign's fresh: true runs it anyway).
  RESULT_CACHE: flag(true),
  // A completed campaign with any of the four scores under this, or a failed hard check, needs attention.
  QUALITY_MIN_SCORE: integer(70, 0, 100),
  // Prometheus metrics on a port of their own, for scrapers without API keys (0: only /metrics on PORT).
  METRICS_PORT: integer(0, 0, 65535),
  // OpenTelemetry traces over OTLP/HTTP (JSON), off unless an endpoint is set; standard OTEL_* names.
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpEndpoint,
  OTEL_SERVICE_NAME: z.string().trim().min(1).default('content-copilot'),
  LLM_MAX_OUTPUT_TOKENS: integer(4096, 64, 131_072),
  LLM_MAX_CONTEXT_TOKENS: integer(16_384, 2048, 1_048_576),
  API_KEYS: list,
  CORS_ORIGINS: origins,
  ALLOWED_HOSTS: hostNames,
  // Images in content (Markdown the models or editors write) from other sites, over https: off, since a remote
  // image tells its site who reads the content and when (a tracking pixel). Shapes the page's CSP img-src too.
  ALLOW_REMOTE_IMAGES: flag(false),
  // Reverse proxies in front of the server (nginx): their X-Forwarded-For names the client, for the rate limits.
  TRUSTED_PROXIES: proxyAddresses,
  // A client that sends its request this slowly is cut off with 408 (slowloris).
  HTTP_HEADERS_TIMEOUT_MS: integer(10_000, 100, 600_000),
  HTTP_REQUEST_TIMEOUT_MS: integer(30_000, 100, 3_600_000),
  // How often each WebSocket is pinged; one that does not answer by the next ping is dropped (time the server was busy does not count).
  WS_KEEPALIVE_MS: integer(12_000, 100, 600_000),
  // Abuse limits (see server/security/). A rate of 0 turns that limit off.
  RATE_LIMIT_MUTATIONS_PER_MINUTE: integer(60, 0, 1_000_000),
  RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: integer(20, 0, 1_000_000),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: integer(20, 1, 10_000),
  MAX_REQUEST_BODY_BYTES: integer(1024 * 1024, 1024, 1024 * 1024 * 1024),
  MAX_UPLOAD_BYTES: integer(512 * 1024, 1024, 1024 * 1024 * 1024),
  GRAPHQL_MAX_DEPTH: integer(8, 1, 100),
  GRAPHQL_MAX_ALIASES: integer(15, 0, 1000),
  GRAPHQL_MAX_TOKENS: integer(1000, 50, 100_000),
  GRAPHQL_MAX_COST: integer(5000, 10, 10_000_000),
  GRAPHQL_MAX_DIRECTIVES: integer(50, 0, 1000),
  SHUTDOWN_TIMEOUT_MS: integer(15_000, 100, 600_000),
  // Webhooks: private, loopback and link-local addresses are refused (SSRF) unless this allows them.
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  WEBHOOK_MAX_ATTEMPTS: integer(6, 1, 50),
  // The first retry's wait, doubled after each failed attempt.
  WEBHOOK_RETRY_DELAY_MS: integer(10_000, 1, 3_600_000),
  WEBHOOK_TIMEOUT_MS: integer(10_000, 100, 120_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface Config extends Omit<Environment, 'OLLAMA_HOST'> {
  /** Without API keys the server is only safe on loopback, so that is the default. */
  HOST: string;
  /** Every Ollama host, as base URLs, in the order configured; steps go through the host pool. */
  OLLAMA_HOSTS: string[];
  /** The first of OLLAMA_HOSTS, for readers that name one host. */
  OLLAMA_HOST: string;
}

export class ConfigError extends Error {}

/** Parses the environment; a bad value throws one line naming the variable and the rule. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // A database URL's password stays out of the message (and so out of logs).
      const value = name === 'DATABASE_URL' ? redactedUrl(environment[name] ?? '') : environment[name];
      return `${name} ${issue.message} (got ${JSON.stringify(value)})`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const { OLLAMA_HOST: hosts, ...settings } = parsed.data;
  return {
    ...settings,
    HOST: settings.HOST ?? (settings.API_KEYS.length > 0 ? '0.0.0.0' : '127.0.0.1'),
    OLLAMA_HOSTS: hosts,
    OLLAMA_HOST: hosts[0] ?? 'http://127.0.0.1:11434',
  };
}
