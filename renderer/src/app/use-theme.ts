import { useEffect } from 'react';
import type { Theme } from '../../../electron/shared/dto';

/**
 * Applies the user's theme override to <html data-theme>. Without an override the stylesheet
 * follows prefers-color-scheme.
 */
export function useTheme(theme: Theme): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
