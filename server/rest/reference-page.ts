// The API reference as one HTML page, rendered by the server from the OpenAPI document: no
// script, no CDN, nothing fetched. Each operation with its parameters, body and answers; the
// schemas in full below.

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

type Json = Record<string, unknown>;

const schemaName = (schema: unknown) => String((schema as Json | undefined)?.$ref ?? '').replace('#/components/schemas/', '');

function schemaLink(schema: unknown): string {
  const name = schemaName(schema);
  return name ? `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>` : '';
}

function operationSection(path: string, method: string, operation: Json): string {
  const parameters = (operation.parameters as Json[] | undefined) ?? [];
  const body = operation.requestBody as { content: Record<string, { schema: unknown }> } | undefined;
  const responses = Object.entries(operation.responses as Record<string, Json>);
  const parameterRows = parameters
    .map((parameter) => {
      const schema = parameter.schema as Json;
      const rule = schema.enum ? `one of ${(schema.enum as string[]).join(', ')}` : String(schema.type ?? '');
      return `<tr><td><code>${escapeHtml(String(parameter.name))}</code></td><td>${escapeHtml(String(parameter.in))}</td><td>${escapeHtml(rule)}</td><td>${escapeHtml(String(parameter.description ?? ''))}</td></tr>`;
    })
    .join('');
  const bodyLines = body
    ? Object.entries(body.content)
        .map(([mediaType, { schema }]) => `<p>Body (<code>${escapeHtml(mediaType)}</code>): ${schemaLink(schema)}</p>`)
        .join('')
    : '';
  const responseRows = responses
    .map(([status, response]) => {
      const content = response.content as Record<string, { schema: unknown }> | undefined;
      return `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(String(response.description ?? ''))}</td><td>${content ? schemaLink(content['application/json']?.schema) : ''}</td></tr>`;
    })
    .join('');
  return `<section id="${escapeHtml(String(operation.operationId))}">
<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code> ${escapeHtml(String(operation.summary ?? ''))}</h3>
${operation.description ? `<p>${escapeHtml(String(operation.description))}</p>` : ''}
${parameterRows ? `<table><caption>Parameters</caption><tr><th>name</th><th>in</th><th>type</th><th>meaning</th></tr>${parameterRows}</table>` : ''}
${bodyLines}
<table><caption>Answers</caption><tr><th>status</th><th>meaning</th><th>body</th></tr>${responseRows}</table>
</section>`;
}

export function referencePage(document: Json): string {
  const info = document.info as Json;
  const paths = document.paths as Record<string, Record<string, Json>>;
  const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
  const operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => operationSection(path, method, operation)),
  );
  const schemaSections = Object.entries(schemas)
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(info.title))}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2125; }
h3 { margin-top: 2rem; } table { border-collapse: collapse; margin: .5rem 0; width: 100%; }
caption { text-align: left; font-weight: 600; } td, th { border: 1px solid #c9ced3; padding: .25rem .5rem; text-align: left; vertical-align: top; }
pre { background: #f4f5f6; padding: .75rem; overflow-x: auto; } code { font-size: .95em; }
.method { display: inline-block; min-width: 4.5rem; padding: 0 .4rem; border-radius: .25rem; color: #fff; font-size: .85em; text-align: center; }
.get { background: #1f6f43; } .post { background: #1a4f8b; } .delete { background: #9b2226; }
</style></head>
<body>
<h1>${escapeHtml(String(info.title))} <small>${escapeHtml(String(info.version))}</small></h1>
<p>${escapeHtml(String(info.description ?? ''))}</p>
<p>The machine-readable description: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). With API keys set, send <code>Authorization: Bearer &lt;key&gt;</code>.</p>
<h2>Operations</h2>
${operations.join('\n')}
<h2>Schemas</h2>
${schemaSections}
</body></html>
`;
}
