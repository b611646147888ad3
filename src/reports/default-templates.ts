/**
 * The built-in report templates (LiquidJS). A plan replaces them with templates of purpose
 * `report_hourly` / `report_daily`. Variables: see `ReportModel` in report-model.ts.
 */

/** Slack mrkdwn text (output is escaped for Slack: `&`, `<`, `>`). */
export const defaultChatTemplate = `*{{ report.title }} · {{ launch.venture_name }}*
{{ report.period_name }}, {{ report.period_start }} → {{ report.period_end }}
{% for m in metric_list -%}
• *{{ m.label }}*: {{ m.period }}{% if m.scope != "current" %} · since T0: {{ m.cumulative }}{% endif %}
{% endfor -%}
*Triggers*: {% if triggers.size == 0 %}none pending or firing{% else %}{% for t in triggers %}{{ t.id }} {{ t.state }}{% if t.detail %} ({{ t.detail }}){% endif %}{% unless forloop.last %}; {% endunless %}{% endfor %}{% endif %}`;

/** E-mail subject (plain text, one line). */
export const defaultEmailSubjectTemplate = `[{{ launch.venture_name }}] {{ report.title }}{% if firing_count > 0 %}: {{ firing_count }} trigger(s) firing{% endif %}`;

/** E-mail text part. */
export const defaultEmailTextTemplate = `{{ report.title }}: {{ launch.venture_name }}
{{ report.period_name }}, {{ report.period_start }} → {{ report.period_end }} (T0 {{ launch.t0 }})

{% for m in metric_list -%}
{{ m.label }}: {{ m.period }}{% if m.scope != "current" %}; since T0: {{ m.cumulative }}{% endif %}
{% endfor %}
Triggers: {% if triggers.size == 0 %}none pending or firing{% else %}
{% for t in triggers -%}
- {{ t.id }}: {{ t.state }}{% if t.since %} since {{ t.since }}{% endif %}{% if t.detail %} ({{ t.detail }}){% endif %}
{% endfor %}{% endif %}
`;

/** E-mail HTML part (every output is HTML-escaped). */
export const defaultEmailHtmlTemplate = `<!doctype html>
<html><body style="font-family:sans-serif;color:#222">
<h2 style="margin:0">{{ report.title }}: {{ launch.venture_name }}</h2>
<p style="color:#555">{{ report.period_name }}, {{ report.period_start }} → {{ report.period_end }} (T0 {{ launch.t0 }})</p>
<table cellpadding="6" style="border-collapse:collapse">
<tr><th align="left">Metric</th><th align="left">This period</th><th align="left">Since T0</th></tr>
{% for m in metric_list -%}
<tr><td>{{ m.label }}</td><td>{{ m.period }}</td><td>{% if m.scope != "current" %}{{ m.cumulative }}{% else %}(level now){% endif %}</td></tr>
{% endfor -%}
</table>
<h3>Triggers</h3>
{% if triggers.size == 0 %}<p>none pending or firing</p>{% else %}<ul>
{% for t in triggers %}<li><b>{{ t.id }}</b>: {{ t.state }}{% if t.since %} since {{ t.since }}{% endif %}{% if t.detail %} ({{ t.detail }}){% endif %}</li>
{% endfor %}</ul>{% endif %}
</body></html>
`;
