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
import * as Comlink from 'comlink';
import type { PanelSummary } from '../../bridge';
import { LayerStackRenderer, type PanelEmphasis } from '../../gl/layer-stack';
import type { StackSelection } from '../../gl/stack-types';
import { renderLineChart } from '../../charts/line-chart';
import { stackTable, unitName } from './stack-data';
import { bridge } from '../../state/bridge';
import { NumbersTable, type TableData } from '../../ui/NumbersTable';
import { errorMessage } from '../../core/errors';

let figures = 0;

/** Give the compute worker the port this figure's render worker takes panels on, under the
 *  figure's own key (null: stop sending to it); every connected figure gets each sample. */
function connectPort(key: string, port: MessagePort | null): void {
  const compute = bridge().compute();
  const done = port
    ? compute.connectRenderPort(Comlink.transfer(port, [port]), key)
    : compute.connectRenderPort(null, key);
  done.catch(() => undefined); // no compute worker: nothing to draw anyway
}

/** What the figure shows of one analysed sample; its values reach the render worker directly. */
export interface StackSample {
  /** SampleView.id: the render worker draws the panels the compute worker sent under it. */
  id: number;
  panels: PanelSummary[];
}

/**
 * The regl layer stack with a hover tooltip showing the filter's activation curve. The panels'
 * values go from the compute worker to the render worker (connectRenderPort, one port per
 * figure); this component only names the sample to draw and shows its summaries. Several
 * figures may be mounted at once (the Overview's and the Importance view's); a figure in a
 * hidden tab keeps its last size until it is shown.
 */
export function LayerStackFigure(props: {
  /** null: no sample yet (between models); the last picture stays, dimmed. */
  sample: StackSample | null;
  selection: StackSelection | null;
  onSelect: (sel: StackSelection | null) => void;
  /** The canvas's and its numbers table's name ("Layer stack" by default): unique per page. */
  label?: string;
  /** The numbers table instead of the per-panel summaries. */
  table?: TableData;
  /** Units tinted by weight and faded when not shown (src/gl/emphasis.ts); null: none. */
  emphasis?: readonly PanelEmphasis[] | null;
}) {
  const key = `stack-${++figures}`;
  const connectRenderPort = (port: MessagePort | null) => connectPort(key, port);
  const label = () => props.label ?? 'Layer stack';
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
    // a hidden canvas (its tab not shown) has no size: keep the last one; the first real size
    // refits the view made while hidden
    let sized = canvas.clientWidth > 0 && canvas.clientHeight > 0;
    const ro = new ResizeObserver(() => {
      if (!renderer || canvas.clientWidth === 0 || canvas.clientHeight === 0) return;
      renderer.resize();
      if (!sized) renderer.resetView();
      sized = true;
      setLabels(renderer.projectLabels());
    });
    ro.observe(canvas);
    onCleanup(() => {
      ro.disconnect();
      connectRenderPort(null);
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
  createEffect(() => renderer?.setEmphasis(props.emphasis ?? null));

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
    if (!h) return { display: 'none' };
    const box = canvas?.getBoundingClientRect(); // a layout: only while a tip is shown
    if (!box) return { display: 'none' };
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
          aria-label={label()}
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
        {(s) => <NumbersTable label={label()} table={props.table ?? stackTable(s().panels)} />}
      </Show>
      <figcaption>
        Drag to rotate, wheel to zoom, double-click to reset; arrow keys and +/− when focused. Hover
        a filter to see its activation; click to select it.
      </figcaption>
    </figure>
  );
}
