// The authenticated staff user behind a request, re-read from the database on every request.
import type { StaffRole } from '@skyddsnat/domain';

export interface Actor {
  userId: string;
  municipalityId: string;
  username: string;
  displayName: string;
  roles: StaffRole[];
  unitIds: string[];
  groupIds: string[];
  sessionId: string;
  csrfToken: string;
  authMethod: 'password' | 'oidc';
  acr: string | null;
  expiresAt: Date;
}
