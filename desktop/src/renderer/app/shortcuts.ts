import { useEffect } from 'react';
import { canRun } from '../lib/permissions.ts';
import { SEARCH_INPUT_ID } from '../features/search/components/GlobalSearch.tsx';
import type { AppDeps } from './context.tsx';

/**
 * Keyboard shortcuts for the frequent counter actions. Alt+letter works everywhere (a browser
 * tab keeps Ctrl+N for itself); Ctrl+N also works in the desktop app. "/" focuses the search
 * only when the user is not typing in a field.
 */
export interface Shortcut {
  readonly keys: string;
  readonly what: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Ctrl+K  or  /', what: 'Search customers, phones, registrations, job numbers' },
  { keys: 'Alt+N  or  Ctrl+N', what: 'New job' },
  { keys: 'Alt+C', what: 'New customer' },
  { keys: 'Alt+1 … Alt+4', what: 'Jobs, customers, vehicles, settings' },
  { keys: 'Alt+S', what: 'Sync panel' },
  { keys: 'Ctrl+Enter', what: 'Add the note you are typing' },
  { keys: 'Esc', what: 'Close a dialog or panel' },
  { keys: '?', what: 'This list' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useShortcuts(deps: AppDeps, showHelp: () => void) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = actionFor(event, deps, showHelp);
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [deps, showHelp]);
}

function actionFor(event: KeyboardEvent, deps: AppDeps, showHelp: () => void): (() => void) | null {
  const go = deps.nav.getState().navigate;
  const role = deps.session.getState().user?.role;
  const key = event.key.toLowerCase();
  const ctrl = event.ctrlKey || event.metaKey;
  if ((ctrl && key === 'k') || (key === '/' && !isTyping(event.target)))
    return () => document.getElementById(SEARCH_INPUT_ID)?.focus();
  if (key === '?' && !isTyping(event.target)) return showHelp;
  // Esc closes the sync panel wherever the focus is (dialogs handle their own Esc first).
  if (event.key === 'Escape' && deps.sync.getState().panelOpen && !document.querySelector('[aria-modal="true"]')) {
    return () => deps.sync.getState().setPanelOpen(false);
  }
  const newJob = (event.altKey && event.code === 'KeyN') || (ctrl && !event.shiftKey && key === 'n');
  if (newJob && canRun(role, 'job.create')) return () => go({ name: 'job-new' });
  if (!event.altKey) return null;
  // event.code, not key: Alt+letter types special characters on some layouts (macOS, Swiss).
  switch (event.code) {
    case 'KeyC':
      return canRun(role, 'customer.create') ? () => go({ name: 'customer-new' }) : null;
    case 'KeyS':
      return () => deps.sync.getState().setPanelOpen(!deps.sync.getState().panelOpen);
    case 'Digit1':
      return () => go({ name: 'jobs', filter: 'open' });
    case 'Digit2':
      return () => go({ name: 'customers' });
    case 'Digit3':
      return () => go({ name: 'vehicles' });
    case 'Digit4':
      return () => go({ name: 'settings' });
    default:
      return null;
  }
}
