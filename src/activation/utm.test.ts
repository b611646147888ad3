import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activationUtm, tagLink, tagLinks, type UtmCodes } from './utm.ts';

const utm: UtmCodes = {
  source: 'x',
  medium: 'social',
  campaign: 'acme-notes-launch',
  content: 'social_t0',
};
const utmKeys = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content'];

describe('UTM tagging of activation links', () => {
  it('defaults to vendor, channel, <venture>-launch and the activation id; the plan wins', () => {
    expect(
      activationUtm({ id: 'email_t0', channel: 'email' }, { ventureId: 'acme-notes' }),
    ).toEqual({
      source: 'email',
      medium: 'email',
      campaign: 'acme-notes-launch',
      content: 'email_t0',
    });
    expect(
      activationUtm(
        { id: 'ads_t0', channel: 'ads', utm: { source: 'fb', medium: 'cpc', campaign: 'spring' } },
        { ventureId: 'acme-notes', vendor: 'meta-ads' },
      ),
    ).toEqual({ source: 'fb', medium: 'cpc', campaign: 'spring', content: 'ads_t0' });
  });

  it('tags every http(s) link of a text, keeping fragments, parameters and sentence punctuation', () => {
    expect(
      tagLinks(
        'Live at https://notes.example.com/app#start, docs (http://docs.example.com/?a=1&b=2).',
        utm,
      ),
    ).toBe(
      'Live at https://notes.example.com/app?utm_source=x&utm_medium=social&utm_campaign=acme-notes-launch&utm_content=social_t0#start,' +
        ' docs (http://docs.example.com/?a=1&b=2&utm_source=x&utm_medium=social&utm_campaign=acme-notes-launch&utm_content=social_t0).',
    );
    expect(tagLinks('mailto:ana@example.com and ftp://files.example.com', utm)).toBe(
      'mailto:ana@example.com and ftp://files.example.com',
    );
  });

  it('reads HTML-escaped parameters as parameters', () => {
    expect(tagLink('https://a.example/?x=1&amp;utm_source=news', utm)).toBe(
      'https://a.example/?x=1&amp;utm_source=news&utm_medium=social&utm_campaign=acme-notes-launch&utm_content=social_t0',
    );
  });

  it('never duplicates a utm parameter and keeps every existing one (property)', () => {
    const name = fc.constantFrom(...utmKeys, 'ref', 'q', 'page');
    const value = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
    const path = fc.stringMatching(/^(\/[a-z0-9]{1,6}){0,3}\/?$/);
    const fragment = fc.option(fc.stringMatching(/^[a-z]{1,6}$/), { nil: undefined });
    fc.assert(
      fc.property(
        path,
        fc.array(fc.tuple(name, value), { maxLength: 5 }),
        fragment,
        (p, params, hash) => {
          const query = params.map(([k, v]) => `${k}=${v}`).join('&');
          const link = `https://notes.example.com${p}${query ? `?${query}` : ''}${hash ? `#${hash}` : ''}`;
          const tagged = tagLink(link, utm);
          const url = new URL(tagged);
          for (const key of utmKeys) {
            const before = params.filter(([k]) => k === key).length;
            expect(url.searchParams.getAll(key)).toHaveLength(Math.max(before, 1));
          }
          for (const [k, v] of params) expect(url.searchParams.getAll(k)).toContain(v);
          expect(url.hash).toBe(hash ? `#${hash}` : '');
          expect(url.pathname).toBe(new URL(link).pathname);
          expect(tagLink(tagged, utm)).toBe(tagged);
        },
      ),
    );
  });
});
