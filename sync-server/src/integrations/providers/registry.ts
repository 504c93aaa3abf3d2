import type { IntegrationsConfig } from '../config.ts';
import { providerMode } from '../config.ts';
import { liveStripe, sandboxStripe, type StripeProvider } from './stripe/client.ts';
import { liveDocusign, sandboxDocusign, type DocusignProvider } from './docusign/client.ts';
import { inMemoryFleetPlatform, type FleetPlatform } from './fleet/platform.ts';
import { liveEnode, sandboxEnode, type EnodeProvider } from './enode/client.ts';
import { liveTwilio, sandboxTwilio, type TwilioProvider } from './twilio/client.ts';

/** The provider clients of this process: live ones where keys are configured, sandboxes elsewhere. */
export interface Providers {
  readonly twilio: TwilioProvider;
  readonly enode: EnodeProvider;
  readonly stripe: StripeProvider;
  readonly docusign: DocusignProvider;
  readonly fleet: FleetPlatform;
}

export function buildProviders(config: IntegrationsConfig, clock: () => number): Providers {
  return {
    twilio: providerMode(config, 'twilio') === 'live' ? liveTwilio(config.twilio) : sandboxTwilio(),
    enode: providerMode(config, 'enode') === 'live' ? liveEnode(config.enode, clock) : sandboxEnode(clock),
    stripe: providerMode(config, 'stripe') === 'live' ? liveStripe(config.stripe) : sandboxStripe(),
    // The token is a configured one for now; a JWT grant would sit behind the same function.
    docusign:
      providerMode(config, 'docusign') === 'live'
        ? liveDocusign(config.docusign, config.publicBaseUrl, async () => config.docusign.accessToken ?? '')
        : sandboxDocusign(config.publicBaseUrl),
    fleet: inMemoryFleetPlatform(),
  };
}
