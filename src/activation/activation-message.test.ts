import { describe, expect, it } from 'vitest';
import { validateData, validPlanData } from '../plan/testing/plan-fixtures.ts';
import {
  activationModel,
  activationTemplateFailure,
  buildActivationMessage,
  planActivation,
} from './activation-message.ts';

describe('the one activation template model (send and marketing gate)', () => {
  const plan = validateData(validPlanData()).plan;
  if (!plan) throw new Error('the sample plan must be valid');
  const t0 = new Date('2026-05-27T15:00:00Z');
  const launch = { id: 'launch-1', ventureId: plan.venture.id, t0, liveAt: null, plan };
  const options = { sendAt: t0, now: t0, key: 'k' };

  it('renders every activation of the init sample plan (strict variables)', async () => {
    for (const activation of plan.activations) {
      const message = await buildActivationMessage(launch, activation, options);
      expect(message.text).toContain(plan.venture.name);
    }
  });

  it('greets "there" in a send to many and the recipient by first name in the gate sample', async () => {
    const email = plan.activations.find((a) => a.template === 'launch-email');
    if (!email) throw new Error('the sample plan has a launch e-mail');
    const send = await buildActivationMessage(launch, email, options);
    expect(send.text).toMatch(/^Hi there,\n/);
    const sample = await buildActivationMessage(launch, email, {
      ...options,
      recipient: { email: 'mia@acme.example', name: 'Mia Park' },
    });
    expect(sample.text).toMatch(/^Hi Mia,\n/);
    expect(sample.text).toContain(`${plan.venture.production_url}?utm_source=`);
  });

  it('links home and product to production, help to the knowledge base (only when it has a URL)', () => {
    const [activation] = plan.activations;
    if (!activation) throw new Error('the sample plan has activations');
    const model = activationModel(launch, activation, { sendAt: t0 });
    expect(model.links).toEqual({
      home: plan.venture.production_url,
      product: plan.venture.production_url,
      help: `${plan.venture.production_url}/help`,
    });
    expect(model.recipient).toEqual({ email: '', name: '', first_name: '' });
    expect(model.venture.tagline).toBe(plan.gtm?.value_proposition ?? '');
    const withoutHelp = {
      ...plan,
      support: {
        ...plan.support,
        knowledge_base: { ...plan.support.knowledge_base, url: undefined },
      },
    };
    expect(
      activationModel({ ...launch, plan: withoutHelp }, activation, { sendAt: t0 }).links,
    ).not.toHaveProperty('help');
  });

  it('names the activation, its template and the unknown variable when a template uses one', async () => {
    const [first] = plan.activations;
    if (!first) throw new Error('the sample plan has activations');
    const activation = planActivation(plan, first.id);
    const broken = {
      ...plan,
      templates: plan.templates.map((t) =>
        t.id === activation.template ? { ...t, body: 'Hi {{ recipient.nickname }}' } : t,
      ),
    };
    const failure = await buildActivationMessage(
      { ...launch, plan: broken },
      activation,
      options,
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(activationTemplateFailure(activation, failure)).toMatch(
      new RegExp(
        `^activation ${activation.id}: template '${activation.template}' failed: undefined variable: recipient\\.nickname, line:1`,
      ),
    );
  });
});
