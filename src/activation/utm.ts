/**
 * UTM tagging of activation links: every http(s) link in a message gets `utm_source`,
 * `utm_medium`, `utm_campaign` (and `utm_content`) unless it already carries that parameter;
 * the rest of the link (path, other parameters, fragment) is kept as written.
 */

/** The UTM codes of one activation. */
export interface UtmCodes {
  source: string;
  medium: string;
  campaign: string;
  content?: string | undefined;
}

/**
 * The UTM codes of an activation: the plan's `utm` where given, else source = the connector's
 * vendor (or the channel), medium = the channel, campaign = `<venture-id>-launch`, content = the
 * activation id.
 *
 * @example
 * activationUtm({ id: 'email_t0', channel: 'email' }, { ventureId: 'acme-notes', vendor: 'sendgrid' });
 * // { source: 'sendgrid', medium: 'email', campaign: 'acme-notes-launch', content: 'email_t0' }
 */
export function activationUtm(
  activation: { id: string; channel: string; utm?: Partial<UtmCodes> | undefined },
  context: { ventureId: string; vendor?: string | undefined },
): UtmCodes {
  return {
    source: activation.utm?.source ?? context.vendor ?? activation.channel,
    medium: activation.utm?.medium ?? activation.channel,
    campaign: activation.utm?.campaign ?? `${context.ventureId}-launch`,
    content: activation.utm?.content ?? activation.id,
  };
}

const linkPattern = /https?:\/\/[^\s<>"'`]+/g;
const trailingPunctuation = /[.,;:!?)\]}]+$/;

/**
 * Adds the UTM codes to one link, keeping every parameter it has; a `utm_*` parameter it already
 * has is never added twice.
 *
 * @example
 * tagLink('https://notes.example.com/?ref=hn#pricing', utm);
 * // 'https://notes.example.com/?ref=hn&utm_source=x&utm_medium=social&utm_campaign=acme-notes-launch#pricing'
 */
export function tagLink(link: string, utm: UtmCodes): string {
  const hashAt = link.indexOf('#');
  const beforeHash = hashAt === -1 ? link : link.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : link.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);
  const existing = new URLSearchParams(query.replaceAll('&amp;', '&'));
  const added = new URLSearchParams();
  for (const [name, value] of Object.entries(utm)) {
    const key = `utm_${name}`;
    if (value !== undefined && !existing.has(key)) added.append(key, value);
  }
  if ([...added.keys()].length === 0) return link;
  const separator = queryAt === -1 ? '?' : /[?&]$/.test(beforeHash) ? '' : '&';
  return `${beforeHash}${separator}${added.toString()}${fragment}`;
}

/**
 * Tags every http(s) link of a text (plain or HTML) with the UTM codes; punctuation that ends a
 * sentence after a link stays outside it.
 *
 * @example
 * tagLinks('We are live: https://notes.example.com.', utm);
 * // 'We are live: https://notes.example.com?utm_source=…&utm_content=email_t0.'
 */
export function tagLinks(text: string, utm: UtmCodes): string {
  return text.replace(linkPattern, (match) => {
    const trailing = trailingPunctuation.exec(match)?.[0] ?? '';
    const link = match.slice(0, match.length - trailing.length);
    return `${tagLink(link, utm)}${trailing}`;
  });
}

/**
 * The http(s) links of a text as `tagLinks` sees them (sentence punctuation after a link left out).
 *
 * @example
 * findLinks('Live: https://notes.example.com/?utm_source=x.'); // ['https://notes.example.com/?utm_source=x']
 */
export function findLinks(text: string): string[] {
  return [...text.matchAll(linkPattern)].map((match) => match[0].replace(trailingPunctuation, ''));
}

/**
 * True when `link` carries utm_source, utm_medium and utm_campaign.
 *
 * @example
 * hasUtmCodes('https://acme.example/?utm_source=x&utm_medium=y&utm_campaign=z'); // true
 */
export function hasUtmCodes(link: string): boolean {
  const queryAt = link.indexOf('?');
  if (queryAt === -1) return false;
  const params = new URLSearchParams(
    link
      .slice(queryAt + 1)
      .split('#')[0]
      ?.replaceAll('&amp;', '&'),
  );
  return ['utm_source', 'utm_medium', 'utm_campaign'].every((name) => params.has(name));
}
