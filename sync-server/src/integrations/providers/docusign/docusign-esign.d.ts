/** The part of docusign-esign (which ships no types) that the DocuSign provider uses. */
declare module 'docusign-esign' {
  export class ApiClient {
    setBasePath(basePath: string): void;
    addDefaultHeader(name: string, value: string): void;
  }
  export class EnvelopesApi {
    constructor(client: ApiClient);
    createEnvelope(
      accountId: string,
      options: { envelopeDefinition: Record<string, unknown> },
    ): Promise<{ envelopeId?: string; status?: string }>;
    createRecipientView(
      accountId: string,
      envelopeId: string,
      options: { recipientViewRequest: Record<string, unknown> },
    ): Promise<{ url?: string }>;
    getDocument(
      accountId: string,
      envelopeId: string,
      documentId: string,
      options?: Record<string, unknown>,
    ): Promise<unknown>;
    listStatusChanges(
      accountId: string,
      options: Record<string, unknown>,
    ): Promise<{ envelopes?: Array<{ envelopeId?: string; status?: string; statusChangedDateTime?: string }> }>;
  }
  const docusign: { ApiClient: typeof ApiClient; EnvelopesApi: typeof EnvelopesApi };
  export default docusign;
}
