import {
  createEffect,
  createMemo,
  createSignal,
  For,
  onCleanup,
  onMount,
  Show,
  untrack,
} from 'solid-js';
import type { PanelSummary } from '../../bridge';
import { LayerStackRenderer } from '../../gl/layer-stack';
import type { StackSelection } from '../../gl/stack-types';
import { renderLineChart } from '../../charts/line-chart';
import { stackTable, unitName } from './stack-data';
import { connectRenderPort } from './stack-calls';
import { NumbersTable } from '../../ui/NumbersTable';
import { errorMessage } from '../../core/errors';

/** What the figure shows of one analysed sample; its values reach the render worker directly. */
export interface StackSample {
  /** SampleView.id: the render worker draws the panels the compute worker sent under it. */
  id: number;
  panels: PanelSummary[];
}

/**
 * The regl layer stack with a hover tooltip showing the filter's activation curve. The panels'
 * values go from the compute worker to the render worker (connectRenderPort); this component
 * only names the sample to draw and shows its summaries.
 */
export function LayerStackFigure(props: {
  /** null: no sample yet (between models); the last picture stays, dimmed. */
  sample: StackSample | null;
  selection: StackSelection | null;
  onSelect: (sel: StackSelection | null) => void;
}) {
  let canvas!: HTMLCanvasElement;
  let tip!: HTMLDivElement;
  let renderer: LayerStackRenderer | null = null;
  const [error, setError] = createSignal<string | null>(null);
  const [hover, setHover] = createSignal<{
    sel: StackSelection;
    x: number;
    y: number;
    series: Float32Array | null;
  } | null>(null);
  const [labels, setLabels] = createSignal<{ layer: number; x: number; y: number }[]>([]);
  /** The panels of the sample last handed to the renderer (the picture's labels). */
  const [shown, setShown] = createSignal<PanelSummary[]>([]);

  onMount(() => {
    try {
      renderer = new LayerStackRenderer(canvas, {
        connectSource: connectRenderPort,
        onHover: (hit, x, y, series) => setHover(hit ? { sel: hit, x, y, series } : null),
        onSelect: (hit) => props.onSelect(hit),
        onViewChange: () => setLabels(renderer?.projectLabels() ?? []),
        onError: (message) => {
          setError(message);
          setLabels([]);
          setHover(null);
          connectRenderPort(null); // nothing takes the panels any more
        },
      });
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    const ro = new ResizeObserver(() => {
      renderer?.resize();
      setLabels(renderer?.projectLabels() ?? []);
    });
    ro.observe(canvas);
    onCleanup(() => {
      ro.disconnect();
      renderer?.destroy();
      renderer = null;
    });
  });

  createEffect(() => {
    // between models there is no sample yet: keep the last picture, dimmed, until one comes
    const s = props.sample;
    if (!s || !renderer) return;
    renderer.show(s.id);
    setShown(s.panels);
  });
  createEffect(() => renderer?.setSelection(props.selection));

  const hoveredUnit = createMemo(() => {
    const h = hover();
    return h?.series ? `${h.sel.layer}:${h.sel.unit}` : null;
  });
  createEffect(() => {
    if (!hoveredUnit() || !tip) return;
    const h = untrack(hover);
    if (!h?.series) return;
    const panel = untrack(shown)[h.sel.layer];
    const name = panel?.name ?? `panel ${h.sel.layer}`;
    const unit = `${unitName(panel)} ${h.sel.unit}`;
    const cleanup = renderLineChart(
      tip,
      {
        series: [{ name: `${name} ${unit}`, values: h.series }],
        xLabel: 'position',
        yLabel: 'activation',
        title: `${name}, ${unit}`,
      },
      { width: 280, height: 150 },
    );
    onCleanup(cleanup);
  });

  const tipStyle = () => {
    const h = hover();
    const box = canvas?.getBoundingClientRect();
    if (!h || !box) return { display: 'none' };
    return { left: `${h.x - box.left + 14}px`, top: `${h.y - box.top + 14}px` };
  };

  return (
    <figure class="layer-stack" classList={{ stale: !props.sample }}>
      <Show when={error()}>
        <p class="gl-error" role="alert">
          The 3-D layer stack cannot be drawn: {error()} The tables and charts below still work.
        </p>
      </Show>
      <div class="stack-wrap">
        <canvas
          ref={canvas}
          role="img"
          aria-label="Layer stack"
          tabindex="0"
          onMouseLeave={() => setHover(null)}
        />
        <For each={labels()}>
          {(l) => (
            <span class="stack-label" style={{ left: `${l.x}px`, top: `${l.y}px` }}>
              {shown()[l.layer]?.name}
            </span>
          )}
        </For>
        <div
          ref={tip}
          class="stack-tip"
          role="img"
          aria-label="Filter activation"
          style={tipStyle()}
          hidden={!hover()?.series}
        />
      </div>
      <Show when={props.sample}>
        {(s) => <NumbersTable label="Layer stack" table={stackTable(s().panels)} />}
      </Show>
      <figcaption>
        Drag to rotate, wheel to zoom, double-click to reset; arrow keys and +/− when focused. Hover
        a filter to see its activation; click to select it.
      </figcaption>
    </figure>
  );
}
