-- 0060: invitations to join a tenant (server-only, not replicated). An owner creates one for a
-- site and a role; the person who holds the code chooses their own name, email and password.
-- Only the sha256 of the code is stored; a code is used once (used_at) and expires.
CREATE TABLE user_invites (
  id text PRIMARY KEY,
  code_hash text NOT NULL UNIQUE,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('manager', 'staff')),
  created_by text NOT NULL,
  created_at text NOT NULL,
  expires_at text NOT NULL,
  used_at text,
  used_by_user text,
  withdrawn_at text
);
CREATE INDEX user_invites_tenant ON user_invites (tenant_id, created_at);
