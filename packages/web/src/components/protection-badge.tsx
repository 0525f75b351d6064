// The "Skyddade personuppgifter" badge, with the protection level in words after it.
import { useTranslation } from 'react-i18next';
import type { ProtectionLevel } from '../api/types.ts';

export function ProtectionBadge({ protection }: { protection: ProtectionLevel }) {
  const { t } = useTranslation();
  if (protection === 'none') return null;
  return (
    <span className="protection">
      <span className="badge badge-protected" data-testid="protection-badge">
        {t('protection.badge')}
      </span>{' '}
      <span className="protection-level">{t(`protection.${protection}`)}</span>
    </span>
  );
}
