import { For, type JSX } from 'solid-js';

export interface TabDef {
  id: string;
  label: string;
  render: () => JSX.Element;
}

/** An accessible tab list (arrow keys move between tabs). */
export function Tabs(props: { tabs: TabDef[]; active: string; onChange: (id: string) => void }) {
  const move = (e: KeyboardEvent, i: number) => {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    const next = props.tabs[(i + d + props.tabs.length) % props.tabs.length];
    props.onChange(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div role="tablist" aria-label="Views" class="tabs">
      <For each={props.tabs}>
        {(t, i) => (
          <button
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={props.active === t.id}
            aria-controls={`panel-${t.id}`}
            tabindex={props.active === t.id ? 0 : -1}
            onClick={() => props.onChange(t.id)}
            onKeyDown={(e) => move(e, i())}
          >
            {t.label}
          </button>
        )}
      </For>
    </div>
  );
}
