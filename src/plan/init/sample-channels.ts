/**
 * The channels part of the sample plan `launchcrew init` writes: connectors, templates and
 * activations, derived from the preset's parameters (its social channels, ad platforms,
 * community and PR settings).
 */
import { formatOffset } from '../durations.ts';
import type { ParameterValues } from '../parameters.ts';
import type { LaunchPlanInput } from '../schema.ts';
import type { ActivationChannel } from '../sections/activations.ts';

function envName(...words: string[]): string {
  return words
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_');
}

type SampleConnector = { vendor: string; config: Record<string, string> };

/** The connector of each social channel: its own API, Buffer for the rest, else by hand. */
function socialConnector(channel: string): SampleConnector {
  const token = { access_token_env: envName(channel, 'access_token') };
  if (channel === 'twitter') return { vendor: 'x', config: token };
  if (channel === 'linkedin') {
    return {
      vendor: 'linkedin',
      config: { ...token, organization_urn: 'urn:li:organization:1234567' },
    };
  }
  if (['instagram', 'tiktok', 'facebook'].includes(channel)) {
    return {
      vendor: 'buffer',
      config: { api_key_env: 'BUFFER_API_KEY', channel_id: `${channel}-channel-id` },
    };
  }
  return { vendor: channel, config: token };
}

/** The connector of each ad platform: Google Ads, Meta (Facebook and Instagram), else by hand. */
function adsConnector(platform: string): SampleConnector {
  const token = { access_token_env: envName(platform, 'ads_token') };
  if (platform === 'google') {
    return {
      vendor: 'google-ads',
      config: {
        ...token,
        developer_token_env: 'GOOGLE_ADS_DEVELOPER_TOKEN',
        customer_id: '1234567890',
      },
    };
  }
  if (platform === 'facebook' || platform === 'instagram')
    return { vendor: 'meta-ads', config: token };
  return { vendor: `${platform}-ads`, config: token };
}

/** Connectors: e-mail, chat, paging, one per social channel and ad platform, operations. */
export function connectorsFor(parameters: ParameterValues): LaunchPlanInput['connectors'] {
  const ads = parameters.paid_ads_enabled ? parameters.paid_ads_platforms : [];
  return [
    {
      id: 'sendgrid',
      kind: 'email',
      vendor: 'sendgrid',
      config: {
        api_key_env: 'SENDGRID_API_KEY',
        from_email: 'launch@acme.example',
        from_name: 'Acme',
      },
    },
    {
      id: 'slack',
      kind: 'chat',
      vendor: 'slack',
      config: { webhook_url_env: 'SLACK_WEBHOOK_URL' },
    },
    {
      id: 'pagerduty',
      kind: 'paging',
      vendor: 'pagerduty',
      config: { routing_key_env: 'PAGERDUTY_ROUTING_KEY' },
    },
    ...parameters.social_channels.map((channel) => ({
      id: channel,
      kind: 'social' as const,
      ...socialConnector(channel),
    })),
    ...ads.map((platform) => ({
      id: `${platform}-ads`,
      kind: 'ads' as const,
      ...adsConnector(platform),
    })),
    {
      id: 'statuspage',
      kind: 'status_page',
      vendor: 'statuspage',
      config: { page_id: 'abc123', api_key_env: 'STATUSPAGE_API_KEY' },
    },
    {
      id: 'zendesk',
      kind: 'ticketing',
      vendor: 'zendesk',
      config: {
        subdomain: 'acme',
        email: 'support@acme.example',
        api_token_env: 'ZENDESK_API_TOKEN',
      },
    },
    {
      id: 'prometheus',
      kind: 'metric_source',
      vendor: 'prometheus',
      config: { base_url: 'https://prometheus.acme.example' },
    },
    {
      id: 'kubernetes',
      kind: 'deploy',
      vendor: 'kubernetes',
      config: { namespace: 'production', kubeconfig_env: 'KUBECONFIG_PRODUCTION' },
    },
    {
      id: 'cloudflare-cdn',
      kind: 'cdn',
      vendor: 'cloudflare',
      config: {
        zone_id: '023e105f4ecef8ad9ca31a8372d0c353',
        api_token_env: 'CLOUDFLARE_API_TOKEN',
      },
    },
  ];
}

/** Templates for launch messages and incident communication (SPEC §3). */
export const sampleTemplates: LaunchPlanInput['templates'] = [
  {
    id: 'launch-email',
    channel: 'email',
    subject: '{{ venture.name }} is live',
    body: 'Hi {{ recipient.first_name | default: "there" }},\n\n{{ venture.name }} is live today: {{ links.home }}\n',
  },
  { id: 'launch-post', channel: 'social', body: '{{ venture.name }} is live! {{ links.home }}' },
  { id: 'launch-ad', channel: 'ads', body: 'Try {{ venture.name }} free: {{ links.home }}' },
  {
    id: 'community-post',
    channel: 'community',
    body: 'Show: {{ venture.name }} — {{ venture.tagline }} {{ links.home }}',
  },
  {
    id: 'press-release',
    channel: 'press',
    body: '{{ venture.name }} launches today. {{ links.home }}',
  },
  { id: 'internal-announcement', channel: 'chat', body: ':rocket: {{ venture.name }} is live.' },
  { id: 'homepage-hero', channel: 'homepage', body: 'Now live: {{ venture.name }}' },
  {
    id: 'incident-status',
    channel: 'status_page',
    purpose: 'incident_user',
    body: 'We are investigating an issue with {{ venture.name }}.',
  },
  {
    id: 'incident-press',
    channel: 'press',
    purpose: 'incident_press',
    body: 'We encountered a technical issue and reverted to ensure stability.',
  },
  {
    id: 'incident-investors',
    channel: 'email',
    purpose: 'incident_investor',
    subject: '{{ venture.name }} incident summary',
    body: '{{ incident.summary }}\n\nResolution: {{ incident.resolution }}',
  },
  {
    id: 'holding-message',
    channel: 'in_app_banner',
    purpose: 'holding',
    body: "We're experiencing high traffic, please try again in a few minutes.",
  },
  {
    id: 'launch-success',
    channel: 'chat',
    purpose: 'success',
    body: '{{ venture.name }} met its launch targets. Thank you, team!',
  },
];

type Activation = NonNullable<LaunchPlanInput['activations']>[number];

function activation(
  id: string,
  channel: ActivationChannel,
  at: string,
  extra: Partial<Activation>,
): Activation {
  return { id, channel, at, template: 'launch-post', ...extra };
}

/** The launch waves of SPEC §1 31.2: T0 e-mail, posts and ads, T+30m, announcements, press. */
export function activationsFor(parameters: ParameterValues): LaunchPlanInput['activations'] {
  const utm = (source: string) => ({ source, medium: 'launch', campaign: 'mvp-launch' });
  const ads = parameters.paid_ads_enabled ? parameters.paid_ads_platforms : [];
  return [
    activation('launch-email', 'email', formatOffset(parameters.email_send_time * 60_000), {
      connector: 'sendgrid',
      template: 'launch-email',
      audience: 'waitlist',
      utm: utm('email'),
    }),
    ...parameters.social_channels.map((channel) =>
      activation(`post-${channel}`, 'social', 'T0', { connector: channel, utm: utm(channel) }),
    ),
    ...ads.map((platform) =>
      activation(`ads-${platform}`, 'ads', 'T0', {
        connector: `${platform}-ads`,
        template: 'launch-ad',
        utm: utm(platform),
      }),
    ),
    activation('homepage-hero', 'homepage', 'T0', {
      template: 'homepage-hero',
      description: 'Swap the homepage hero (manual).',
    }),
    activation('beta-users-email', 'email', 'T+30m', {
      connector: 'sendgrid',
      template: 'launch-email',
      audience: 'beta-users',
      utm: utm('email'),
    }),
    ...(parameters.community_launch_enabled
      ? [
          activation('community-posts', 'community', 'T+30m', {
            template: 'community-post',
            description: 'Product Hunt, Hacker News, Reddit.',
            utm: utm('community'),
          }),
        ]
      : []),
    ...(parameters.influencer_outreach_enabled
      ? [
          activation('influencer-brief', 'press', 'T+1h', {
            template: 'press-release',
            description: 'Brief the influencer list (manual).',
          }),
        ]
      : []),
    activation('internal-announcement', 'chat', 'T+1h', {
      connector: 'slack',
      template: 'internal-announcement',
    }),
    ...(parameters.pr_outreach_enabled
      ? [
          activation('press-release', 'press', 'T+2h', {
            template: 'press-release',
            description: `Distributed via ${parameters.pr_newswire_service}.`,
          }),
        ]
      : []),
  ];
}
