import { showAlert } from '../../state/app-state';
import { downloadText } from '../../ui/download';
import { svgDocument } from './export';

/** A button that downloads one chart's SVG as a standalone .svg file. */
export function SvgExportButton(props: {
  label: string;
  /** Base file name without extension. */
  name: () => string;
  element: () => SVGSVGElement | null;
}) {
  const run = () => {
    const svg = props.element();
    if (!svg) return showAlert('Export failed: the chart is not drawn yet.');
    downloadText(
      `${props.name().replace(/[^\w.-]+/g, '_')}.svg`,
      svgDocument(new XMLSerializer().serializeToString(svg)),
      'image/svg+xml',
    );
  };
  return (
    <button type="button" class="export-svg" onClick={run}>
      {props.label}
    </button>
  );
}
