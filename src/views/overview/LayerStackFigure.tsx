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
import { LayerStackRenderer } from '../../gl/layer-stack';
import type { StackLayer, StackSelection } from '../../gl/stack-types';
import { renderLineChart } from '../../charts/line-chart';
import { summarizeLayer, unitSeries } from './stack-data';
import { NumbersTable, type TableData } from '../../ui/NumbersTable';
import { formatNumber } from '../../core/format';
import { errorMessage } from '../../core/errors';

/** The regl layer stack with a hover tooltip showing the filter's activation curve. */
export function LayerStackFigure(props: {
  layers: StackLayer[];
  selection: StackSelection | null;
  onSelect: (sel: StackSelection | null) => void;
}) {
  let canvas!: HTMLCanvasElement;
  let tip!: HTMLDivElement;
  let renderer: LayerStackRenderer | null = null;
  const [error, setError] = createSignal<string | null>(null);
  const [hover, setHover] = createSignal<{ sel: StackSelection; x: number; y: number } | null>(
    null,
  );
  const [labels, setLabels] = createSignal<{ layer: number; x: number; y: number }[]>([]);

  onMount(() => {
    try {
      renderer = new LayerStackRenderer(canvas, {
        onHover: (hit, x, y) => setHover(hit ? { sel: hit, x, y } : null),
        onSelect: (hit) => props.onSelect(hit),
        onViewChange: () => setLabels(renderer?.projectLabels() ?? []),
        onError: (message) => {
          setError(message);
          setLabels([]);
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
    if (props.layers.length === 0) return;
    renderer?.setData(props.layers);
    setLabels(renderer?.projectLabels() ?? []);
  });
  createEffect(() => renderer?.setSelection(props.selection));

  const hoveredUnit = createMemo(() => {
    const h = hover();
    return h ? `${h.sel.layer}:${h.sel.unit}` : null;
  });
  createEffect(() => {
    if (!hoveredUnit() || !tip) return;
    const h = untrack(hover);
    if (!h) return;
    const layer = props.layers[h.sel.layer];
    if (!layer || layer.steps < 2) return;
    const unitName = layer.kind === 'input' ? 'channel' : 'filter';
    const cleanup = renderLineChart(
      tip,
      {
        series: [
          {
            name: `${layer.name} ${unitName} ${h.sel.unit}`,
            values: unitSeries(layer, h.sel.unit),
          },
        ],
        xLabel: 'position',
        yLabel: 'activation',
        title: `${layer.name}, ${unitName} ${h.sel.unit}`,
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
    <figure class="layer-stack" classList={{ stale: props.layers.length === 0 }}>
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
              {props.layers[l.layer]?.name}
            </span>
          )}
        </For>
        <div
          ref={tip}
          class="stack-tip"
          role="img"
          aria-label="Filter activation"
          style={tipStyle()}
          hidden={!hover() || (props.layers[hover()?.sel.layer ?? 0]?.steps ?? 0) < 2}
        />
      </div>
      <Show when={props.layers.length > 0}>
        <NumbersTable label="Layer stack" table={stackTable(props.layers)} />
      </Show>
      <figcaption>
        Drag to rotate, wheel to zoom, double-click to reset; arrow keys and +/− when focused. Hover
        a filter to see its activation; click to select it.
      </figcaption>
    </figure>
  );
}

/** Per panel: shape, min / mean / max activation and the most active unit. */
function stackTable(layers: StackLayer[]): TableData {
  return {
    columns: ['Panel', 'Shape [steps, units]', 'Min', 'Mean', 'Max', 'Most active unit'],
    rows: layers
      .map(summarizeLayer)
      .map((r) => [
        r.name,
        `[${r.shape.join(', ')}]`,
        formatNumber(r.min),
        formatNumber(r.mean),
        formatNumber(r.max),
        r.topUnit,
      ]),
  };
}
