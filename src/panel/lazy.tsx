import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code loads the first time it is shown, so the panel's first load carries
 * only the view it opens on; the others (and the libraries they use) come when asked for.
 */
export function lazyView<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
): ComponentType<Props> {
  let loaded: ComponentType<Props> | null = null;
  let loading: Promise<ComponentType<Props>> | null = null;
  // biome-ignore lint/correctness/noComponentHookFactories: made once per view at module scope
  return function LazyView(props: Props) {
    const [component, setComponent] = useState<ComponentType<Props> | null>(() => loaded);
    const [failure, setFailure] = useState<string | null>(null);
    useEffect(() => {
      if (loaded) return;
      loading ??= load();
      let current = true;
      loading.then(
        (result) => {
          loaded = result;
          if (current) setComponent(() => result);
        },
        (error: unknown) => {
          loading = null;
          if (current) setFailure(error instanceof Error ? error.message : String(error));
        },
      );
      return () => {
        current = false;
      };
    }, []);
    if (failure) {
      return (
        <p class="bad">
          This view could not be loaded ({failure}). The extension was probably updated or reloaded
          since the panel opened: close the panel and open it again.
        </p>
      );
    }
    if (!component) return <p class="muted">Loading…</p>;
    const View = component;
    return <View {...props} />;
  };
}
