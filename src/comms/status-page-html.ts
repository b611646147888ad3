/**
 * The status page as a self-contained HTML document (inline CSS, no scripts, no external
 * assets), rendered by the shared Liquid sandbox with every output HTML-escaped.
 */
import { renderSandboxed } from '../shared/liquid-sandbox.ts';
import type { StatusPageView } from './status-page.ts';

const updatesList = `<ol class="updates">{% for u in i.updates %}<li><b>{{ u.status | capitalize }}</b> · <time datetime="{{ u.at }}">{{ u.at }}</time><br>{{ u.message }}</li>{% endfor %}</ol>`;

const statusPageTemplate = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ venture.name }} status</title>
<style>
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
.banner{padding:1rem;border-radius:.4rem;color:#fff;font-weight:600}
.none{background:#2e7d32}.minor{background:#f9a825}.major{background:#ef6c00}.critical{background:#c62828}
ul.components{list-style:none;padding:0}ul.components li{display:flex;justify-content:space-between;border-bottom:1px solid #eee;padding:.5rem 0}
.operational{color:#2e7d32}.degraded_performance{color:#f9a825}.partial_outage{color:#ef6c00}.major_outage{color:#c62828}
.incident{border-left:4px solid #999;padding-left:1rem;margin:1rem 0}.updates{padding-left:1.2rem}
</style></head><body>
<h1>{{ venture.name }}</h1>
<p class="banner {{ status.indicator }}" id="overall">{{ status.description }}</p>
<h2>Components</h2>
<ul class="components">{% for c in components %}<li><span>{{ c.name }}</span><span class="{{ c.status }}">{{ c.status | replace: "_", " " | capitalize }}</span></li>{% else %}<li>No components</li>{% endfor %}</ul>
<h2>Current incidents</h2>
{% for i in incidents %}<section class="incident current" id="incident-{{ i.id }}"><h3>{{ i.name }} <small>({{ i.impact }} impact)</small></h3>${updatesList}</section>{% else %}<p>No incidents right now.</p>{% endfor %}
<h2>Incident history</h2>
{% for i in history %}<section class="incident past" id="incident-{{ i.id }}"><h3>{{ i.name }}</h3><p>Resolved <time datetime="{{ i.resolved_at }}">{{ i.resolved_at }}</time></p>${updatesList}</section>{% else %}<p>No past incidents.</p>{% endfor %}
<footer><small>Updated <time datetime="{{ generated_at }}">{{ generated_at }}</time></small></footer>
</body></html>
`;

/**
 * The HTML status page of `view`.
 *
 * @example
 * const html = await renderStatusPageHtml(await loadStatusPage(db, 'acme-notes', now));
 */
export function renderStatusPageHtml(view: StatusPageView): Promise<string> {
  return renderSandboxed('html', statusPageTemplate, view);
}
