export { createTenant, type CreateTenantInput } from './tenants.ts';
export { createSite, type CreateSiteInput } from './sites.ts';
export { createUser, type CreateUserInput } from './users.ts';
export { createEnrolmentCode } from './enrolment-codes.ts';
export { COUNTRIES, type AdminDeps, type Country } from './deps.ts';
export { createInvite, acceptInvite, listOpenInvites, withdrawInvite } from './invites.ts';
export { setUserActive } from './user-status.ts';
