import type { OpenAPIHono } from '@hono/zod-openapi';

/** The OpenAPI 3.1 document the API generates from its route schemas. */
export type ApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type PathItem = NonNullable<ApiDocument['paths']>[string];
type Operation = NonNullable<PathItem['get']>;

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Prose of the document: escaped, with `code` spans and blank lines as paragraph breaks. */
function renderProse(text: string | undefined): string {
  const html = escapeHtml(text ?? '')
    .replaceAll(/`([^`]+)`/g, '<code>$1</code>')
    .replaceAll('\n\n', '</p><p>');
  return `<p>${html}</p>`;
}

/** Pretty JSON of a schema, with `$ref`s linked to the schema section. */
function renderSchema(schema: unknown): string {
  const json = escapeHtml(JSON.stringify(schema ?? {}, null, 2));
  const linked = json.replaceAll(
    /&quot;#\/components\/schemas\/([\w.-]+)&quot;/g,
    '<a href="#schema-$1">&quot;#/components/schemas/$1&quot;</a>',
  );
  return `<pre>${linked}</pre>`;
}

function renderContent(content: Record<string, { schema?: unknown }> | undefined): string {
  return Object.entries(content ?? {})
    .map(
      ([type, media]) =>
        `<div class="media"><code>${escapeHtml(type)}</code>${renderSchema(media.schema)}</div>`,
    )
    .join('');
}

function renderAccess(operation: Operation): string {
  const roles: unknown = operation['x-required-roles'];
  if (!Array.isArray(roles) || roles.length === 0) return '<span class="role public">public</span>';
  return roles.map((role) => `<span class="role">${escapeHtml(String(role))}</span>`).join(' ');
}

function renderParameters(operation: Operation): string {
  const rows = (operation.parameters ?? []).flatMap((parameter) =>
    'name' in parameter
      ? [
          `<tr><td><code>${escapeHtml(parameter.name)}</code></td><td>${escapeHtml(parameter.in)}</td>` +
            `<td>${parameter.required ? 'yes' : 'no'}</td><td>${escapeHtml(parameter.description ?? '')}</td>` +
            `<td>${renderSchema(parameter.schema)}</td></tr>`,
        ]
      : [],
  );
  if (rows.length === 0) return '';
  return `<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Required</th><th>Description</th><th>Schema</th></tr>${rows.join('')}</table>`;
}

function renderRequestBody(operation: Operation): string {
  const body = operation.requestBody;
  if (!body || !('content' in body)) return '';
  const description = body.description ? renderProse(body.description) : '';
  return `<h4>Request body</h4>${description}${renderContent(body.content)}`;
}

function renderResponses(operation: Operation): string {
  const items = Object.entries(operation.responses ?? {}).map(([status, response]) => {
    const description = 'description' in response ? String(response.description) : '';
    const content = 'content' in response ? renderContent(response.content) : '';
    return `<li><strong>${escapeHtml(status)}</strong> ${renderProse(description)}${content}</li>`;
  });
  return `<h4>Responses</h4><ul>${items.join('')}</ul>`;
}

function operationId(method: string, path: string): string {
  return `${method}-${path}`.replaceAll(/[^\w-]+/g, '-');
}

function listOperations(
  document: ApiDocument,
): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ method, path, operation }] : [];
    }),
  );
}

const style = `
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 2rem;color:#1d2330}
code,pre{font-family:ui-monospace,monospace;font-size:.85rem}
pre{background:#f4f5f7;padding:.5rem;overflow:auto;max-height:24rem;margin:.25rem 0}
section.op{border-top:1px solid #d5d9e0;padding:.5rem 0 1rem}
.method{display:inline-block;min-width:4rem;font-weight:700;text-transform:uppercase}
.role{background:#e6efff;border-radius:.25rem;padding:0 .4rem;font-size:.85rem}
.role.public{background:#e7f6ea}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d5d9e0;padding:.25rem .5rem;text-align:left;vertical-align:top}
`;

/**
 * A self-contained HTML reference of the API (no scripts, no network): every operation with its
 * method, path, summary, required roles, parameters, request and response schemas.
 *
 * @example
 * app.get('/docs', (c) => c.html(renderDocsPage(app.getOpenAPI31Document(config))));
 */
export function renderDocsPage(document: ApiDocument): string {
  const operations = listOperations(document);
  const toc = operations
    .map(
      ({ method, path, operation }) =>
        `<li><a href="#${operationId(method, path)}"><span class="method">${method}</span> <code>${escapeHtml(path)}</code></a> ${escapeHtml(operation.summary ?? '')}</li>`,
    )
    .join('');
  const sections = operations
    .map(
      ({ method, path, operation }) =>
        `<section class="op" id="${operationId(method, path)}">` +
        `<h3><span class="method">${method}</span> <code>${escapeHtml(path)}</code></h3>` +
        `<p>${escapeHtml(operation.summary ?? '')}</p><p>Roles: ${renderAccess(operation)}</p>` +
        renderProse(operation.description) +
        renderParameters(operation) +
        renderRequestBody(operation) +
        renderResponses(operation) +
        '</section>',
    )
    .join('');
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${renderSchema(schema)}</section>`,
    )
    .join('');
  const title = escapeHtml(`${document.info.title} ${document.info.version}`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${style}</style></head><body>
<h1>${title}</h1>${renderProse(document.info.description)}
<p>The machine-readable document is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Operations</h2><ul>${toc}</ul>${sections}<h2>Schemas</h2>${schemas}</body></html>`;
}
