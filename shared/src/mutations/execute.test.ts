import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { authorize, validateInput } from './execute.ts';
import { MUTATIONS, mutationByName } from './registry.ts';
import { testContext, testId } from './test-context.ts';
import { ROLES } from './types.ts';

function invalidMessage(name: string, args: unknown): string {
  try {
    validateInput(mutationByName(name), args);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid') return error.message;
    throw error;
  }
  throw new Error(`${name} accepted ${JSON.stringify(args)}`);
}

describe('validateInput', () => {
  it('returns valid arguments unchanged', () => {
    const args = { name: 'Asha Rao', phone: '+919812345678', email: null };
    expect(validateInput(mutationByName('customer.create'), args)).toBe(args);
  });

  it('names the mutation, the rule and the field that broke it', () => {
    expect(invalidMessage('customer.create', { name: 'Asha', phone: '98123' })).toBe(
      'customer.create: must match pattern "^\\+[1-9][0-9]{6,14}$" at /phone',
    );
    expect(invalidMessage('job.create', { customerId: 'not-a-uuid' })).toBe(
      'job.create: must match format "uuid" at /customerId',
    );
    expect(invalidMessage('vehicle.create', { registration: 'KA01', year: 1850 })).toBe(
      'vehicle.create: must be >= 1900 at /year',
    );
  });

  it('reports a missing required field', () => {
    expect(invalidMessage('customer.create', {})).toMatch(/^customer\.create: must have required properties name$/);
    expect(invalidMessage('job.addNote', { jobId: testId(1), body: '' })).toBe(
      'job.addNote: must not have fewer than 1 characters at /body',
    );
  });

  it('refuses a field the mutation does not know, pointing at it', () => {
    expect(invalidMessage('customer.update', { customerId: testId(1), colour: 'red' })).toBe(
      'customer.update: unknown field colour',
    );
  });

  it('refuses a status outside the job statuses and arguments that are not an object', () => {
    expect(invalidMessage('job.setStatus', { jobId: testId(1), status: 'done' })).toMatch(
      /^job\.setStatus: .* at \/status$/,
    );
    expect(invalidMessage('customer.create', null)).toMatch(/^customer\.create: /);
  });
});

describe('authorize', () => {
  it('lets each mutation run only for its roles', () => {
    for (const def of MUTATIONS.values()) {
      for (const role of ROLES) {
        const run = () => authorize(def, testContext({ role }));
        if (def.roles.includes(role)) expect(run).not.toThrow();
        else expect(run).toThrow(DomainError);
      }
    }
  });

  it('keeps viewers read-only and site changes to owners', () => {
    for (const def of MUTATIONS.values()) expect(def.roles).not.toContain('viewer');
    expect(() => authorize(mutationByName('site.update'), testContext({ role: 'manager' }))).toThrow(
      'site.update needs the role owner',
    );
    expect(() => authorize(mutationByName('customer.delete'), testContext({ role: 'staff' }))).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('names an unknown mutation as invalid', () => {
    expect(() => mutationByName('job.explode')).toThrow(expect.objectContaining({ code: 'invalid' }));
  });
});
