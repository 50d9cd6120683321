/**
 * A part of the app that is not in the first screen's JavaScript (issue 17): its code is a chunk
 * of its own, fetched the first time the part is shown or when `preload` asks for it earlier
 * (the frame preloads the likely-next parts when the page is idle).
 *
 * A part whose chunk has arrived renders at once, without suspending: only a part shown before its
 * chunk is here shows the loading status (role=status, with text) in its place meanwhile.
 */
import { type ComponentType, type ReactNode, useEffect, useState } from 'react';
import { Spinner } from './spinner';

export interface LazyPart<P extends object> {
  /** Renders the part, or its loading status until its chunk arrives. */
  Component: (props: P) => ReactNode;
  /** Fetches the chunk (once; a failed fetch is tried again next time). */
  preload: () => Promise<ComponentType<P>>;
}

/**
 * `load` imports the part's module and returns its component, e.g.
 * `() => import('./settings-page').then((m) => m.SettingsPage)`. `loadingText` is what the
 * status says while it loads ("Loading Settings").
 */
export function lazyPart<P extends object>(
  loadingText: string,
  load: () => Promise<ComponentType<P>>,
): LazyPart<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = (): Promise<ComponentType<P>> => {
    loading ??= load().then(
      (component) => {
        loaded = component;
        return component;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  function Component(props: P): ReactNode {
    // Not React.lazy: a Suspense boundary that suspends holds the part back for React's reveal
    // throttle (300 ms) even when its chunk arrives in a few ms.
    const [part, setPart] = useState<{ Shown: ComponentType<P> | null; hasFailed: boolean }>(
      () => ({ Shown: loaded, hasFailed: false }),
    );
    useEffect(() => {
      if (part.Shown !== null) return;
      let isCurrent = true;
      preload().then(
        (Shown) => {
          if (isCurrent) setPart({ Shown, hasFailed: false });
        },
        () => {
          if (isCurrent) setPart({ Shown: null, hasFailed: true });
        },
      );
      return () => {
        isCurrent = false;
      };
    }, [part.Shown]);
    if (part.hasFailed) return <PartNotLoaded />;
    if (part.Shown === null) return <PartLoading text={loadingText} />;
    return <part.Shown {...props} />;
  }
  return { Component, preload };
}

/** What shows while a part's chunk is on its way: a status, drawn only if it takes a moment. */
export function PartLoading(props: { text: string }): ReactNode {
  return (
    <p className="part-loading muted" role="status">
      <Spinner /> {props.text}…
    </p>
  );
}

/** A chunk that could not be fetched (the web page lost its host): a sentence and a way out. */
function PartNotLoaded(): ReactNode {
  return (
    <div className="panel" role="alert">
      <p>This part of Gramdeck could not be loaded. Check that Gramdeck is running, then reload.</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          window.location.reload();
        }}
      >
        Reload
      </button>
    </div>
  );
}

/** Runs `task` when the page is next idle (a plain timeout where requestIdleCallback is missing). */
export function whenIdle(task: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(task, { timeout: 2000 });
    return () => {
      window.cancelIdleCallback(handle);
    };
  }
  const timer = window.setTimeout(task, 50);
  return () => {
    window.clearTimeout(timer);
  };
}

/**
 * Preloads `parts` one per idle period, in order, from the first idle moment after mount (so the
 * first screen renders first); stops on unmount.
 */
export function preloadWhenIdle(parts: readonly { preload: () => Promise<unknown> }[]): () => void {
  let cancel: (() => void) | null = null;
  let isStopped = false;
  const next = (index: number): void => {
    const part = parts[index];
    if (part === undefined || isStopped) return;
    cancel = whenIdle(() => {
      part.preload().then(
        () => {
          next(index + 1);
        },
        () => {
          next(index + 1);
        },
      );
    });
  };
  next(0);
  return () => {
    isStopped = true;
    cancel?.();
  };
}
