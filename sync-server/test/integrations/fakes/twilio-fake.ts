import { HttpFake, form } from './http-fake.ts';

export const TWILIO = {
  accountSid: 'AC00000000000000000000000000000001',
  verifySid: 'VA00000000000000000000000000000001',
  from: '+15005550006',
};

/** Twilio's REST and Verify APIs as the SDK calls them; messages and verifications by default succeed. */
export function twilioFake(): HttpFake {
  const fake = new HttpFake();
  let next = 0;
  fake.route((request) => {
    if (request.method === 'POST' && request.path.endsWith(`/Accounts/${TWILIO.accountSid}/Messages.json`)) {
      next += 1;
      const sid = `SM${String(next).padStart(32, '0')}`;
      return {
        status: 201,
        body: { sid, status: 'queued', to: form(request.body).To, account_sid: TWILIO.accountSid },
      };
    }
    const fetch = /\/Messages\/(SM[0-9a-f]+)\.json$/.exec(request.path);
    if (request.method === 'GET' && fetch)
      return { status: 200, body: { sid: fetch[1], status: 'delivered', error_code: null } };
    if (request.path.endsWith(`/Services/${TWILIO.verifySid}/Verifications`))
      return { status: 201, body: { sid: 'VE1', status: 'pending' } };
    if (request.path.endsWith(`/Services/${TWILIO.verifySid}/VerificationCheck`)) {
      return {
        status: 200,
        body: { sid: 'VE1', status: form(request.body).Code === '123456' ? 'approved' : 'pending' },
      };
    }
    return undefined;
  });
  return fake;
}

export const twilioEnv = (fake: HttpFake): Record<string, string> => ({
  TWILIO_ACCOUNT_SID: TWILIO.accountSid,
  TWILIO_FROM_NUMBER: TWILIO.from,
  TWILIO_VERIFY_SERVICE_SID: TWILIO.verifySid,
  TWILIO_API_BASE: fake.url,
});
