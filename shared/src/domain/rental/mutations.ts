import { CONTRACT_MUTATIONS } from './contract-mutations.ts';
import { FLEET_MUTATIONS } from './fleet-mutations.ts';
import { RENTER_MUTATIONS } from './renter-mutations.ts';
import { RESERVATION_MUTATIONS } from './reservation-mutations.ts';

/** Every rental mutation, registered in shared/src/mutations/registry.ts. */
export const RENTAL_MUTATIONS = [
  ...FLEET_MUTATIONS,
  ...RENTER_MUTATIONS,
  ...RESERVATION_MUTATIONS,
  ...CONTRACT_MUTATIONS,
];
