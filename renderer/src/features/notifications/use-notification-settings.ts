/** The notification settings (issue 16): `notifications:get`, then `notifications:changed`. */
import { useEffect, useState } from 'react';
import type { NotificationSettings } from '../../../../electron/shared/chat-dto';
import type { AppError } from '../../../../electron/shared/errors';
import { invoke } from '../../lib/call';
import { useEvent } from '../../lib/use-event';

export function useNotificationSettings(): {
  settings: NotificationSettings | null;
  error: AppError | null;
  setSettings: (settings: NotificationSettings) => void;
} {
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void invoke('notifications:get').then((result) => {
      if (!isCurrent) return;
      if (result.ok) setSettings(result.value);
      else setError(result.error);
    });
    return () => {
      isCurrent = false;
    };
  }, []);
  useEvent('notifications:changed', (next) => {
    setError(null);
    setSettings(next);
  });
  return { settings, error, setSettings };
}
