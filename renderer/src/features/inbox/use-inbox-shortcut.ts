/**
 * The inbox's keyboard shortcut (issue 16): G then I, typed outside text fields (as in mail
 * apps). The inbox page and the "Inbox" entry's description say so.
 */
import { useEffect, useRef } from 'react';

/** Whether keys typed at `target` belong to a text field rather than to shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  if (target === null || typeof (target as Element).closest !== 'function') return false;
  return (target as Element).closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/** Whether `key` completes the G-then-I sequence after `previous` (the key before it). */
export function isInboxShortcut(previous: string | null, key: string): boolean {
  return previous?.toLowerCase() === 'g' && key.toLowerCase() === 'i';
}

export function useInboxShortcut(onOpen: () => void): void {
  const latest = useRef(onOpen);
  useEffect(() => {
    latest.current = onOpen;
  });
  useEffect(() => {
    let previous: string | null = null;
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) {
        previous = null;
        return;
      }
      if (isInboxShortcut(previous, event.key)) {
        previous = null;
        event.preventDefault();
        latest.current();
        return;
      }
      previous = event.key;
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
