// Loads what the administration page works on (organisation and staff users) and reloads it after changes.
import { useCallback, useEffect, useState } from 'react';
import * as api from '../../api/endpoints.ts';
import type { AdminUser, Organisation } from '../../api/types.ts';

export interface AdminData {
  org: Organisation | null;
  users: AdminUser[] | null;
  error: unknown;
  /** Fetches everything again; resolves with the fresh data, or null if that failed. */
  reload: () => Promise<{ org: Organisation; users: AdminUser[] } | null>;
}

export function useAdminData(): AdminData {
  const [org, setOrg] = useState<Organisation | null>(null);
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      const [freshOrg, freshUsers] = await Promise.all([api.fetchOrganisation(), api.fetchUsers()]);
      setOrg(freshOrg);
      setUsers(freshUsers);
      setError(null);
      return { org: freshOrg, users: freshUsers };
    } catch (caught) {
      setError(caught);
      return null;
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { org, users, error, reload };
}

/** What a section needs from the page: the data, a reload and a way to announce a saved change. */
export interface SectionProps {
  org: Organisation;
  reload: AdminData['reload'];
  notify: (message: string) => void;
}

/** Moves focus to an element after React has rendered it (e.g. a form heading after "Ändra"). */
export function focusLater(element: () => HTMLElement | null): void {
  window.requestAnimationFrame(() => {
    element()?.focus();
  });
}
