/**
 * Ads activations switch an existing, fully set-up campaign on at the due time: `prepare` turns it
 * on, `control` pauses (`pause`, `cancel`) or resumes it. Setting a status twice is harmless, so
 * these connectors are idempotent. The campaign comes from the connector config: `campaign_id`
 * for every activation, or `campaign_ids` entries `"<activation id>=<campaign id>"` per activation
 * (the plan's config values are flat, so the map is a list).
 */
import { z } from 'zod';
import type { ConnectionCheck } from '../../connectors/connector-manifest.ts';
import { UserError } from '../../shared/errors.ts';
import type { ActivationConnector, HandleAction } from '../activation-connector.ts';

/** Config fields that name the campaigns of an ads connector. */
export const campaignConfigFields = {
  campaign_id: z
    .string()
    .regex(/^\d+$/, { error: 'must be a numeric campaign id' })
    .optional()
    .meta({ description: 'Campaign switched on by every activation of this connector.' }),
  campaign_ids: z
    .array(
      z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}=\d+$/, {
        error: 'must be "<activation id>=<numeric campaign id>"',
      }),
    )
    .default([])
    .meta({
      description:
        'Per-activation campaigns, e.g. ["ads_t0=120330000012723217"]; wins over campaign_id.',
    }),
};

/**
 * The campaign an activation switches on, or a `UserError` naming the activation.
 *
 * @example
 * campaignIdFor({ campaign_ids: ['ads_t0=42'] }, 'ads_t0'); // '42'
 */
export function campaignIdFor(
  config: { campaign_id?: string | undefined; campaign_ids: readonly string[] },
  activationId: string,
): string {
  const entry = config.campaign_ids.find((mapping) => mapping.startsWith(`${activationId}=`));
  const campaignId = entry?.slice(activationId.length + 1) ?? config.campaign_id;
  if (campaignId === undefined) {
    throw new UserError(
      'campaign_not_configured',
      `activation '${activationId}': the ads connector names no campaign for it (set campaign_id or campaign_ids)`,
      { path: ['activations', activationId] },
    );
  }
  return campaignId;
}

/** On (serving) or off (paused). */
export type CampaignState = 'on' | 'off';

/** What a vendor's ads connector provides to `campaignSwitch`. */
export interface CampaignSwitchVendor {
  vendor: string;
  campaignIdFor(activationId: string): string;
  /** The call, as the ledger records it (no secrets). */
  describe(campaignId: string, state: CampaignState): Record<string, unknown>;
  setState(campaignId: string, state: CampaignState): Promise<Record<string, unknown>>;
  checkConnection(): Promise<ConnectionCheck>;
}

const stateOf: Record<HandleAction, CampaignState> = {
  resume: 'on',
  pause: 'off',
  cancel: 'off',
};

/**
 * An activation connector that switches campaigns on and off.
 *
 * @example
 * return campaignSwitch({ vendor: 'meta-ads', campaignIdFor, describe, setState, checkConnection });
 */
export function campaignSwitch(vendor: CampaignSwitchVendor): ActivationConnector {
  return {
    vendorIdempotent: true,
    canSchedule: false,
    maxScheduleAheadMs: 0,
    prepare(message) {
      const campaignId = vendor.campaignIdFor(message.activationId);
      return {
        request: vendor.describe(campaignId, 'on'),
        async send() {
          const answer = await vendor.setState(campaignId, 'on');
          return { ...answer, handle: { vendor: vendor.vendor, id: campaignId } };
        },
      };
    },
    control: (handle, action) => vendor.setState(handle.id, stateOf[action]),
    checkConnection: () => vendor.checkConnection(),
  };
}
