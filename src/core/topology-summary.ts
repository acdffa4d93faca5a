/**
 * One-line summaries of Keras layer settings for the "Layers" table, and declared input shapes.
 */

type Config = Record<string, unknown>;

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => str(x) ?? '?').join('x');
  if (typeof v === 'object' && v !== null) {
    const o = v as Config;
    if (typeof o.config === 'string') return o.config;
    if (typeof o.class_name === 'string') return o.class_name;
  }
  return null;
}

function parts(...items: [string, unknown][]): string {
  return items
    .map(([label, v]) => {
      const s = str(v);
      return s === null ? null : label.replace('%', s);
    })
    .filter((s): s is string => s !== null)
    .join(', ');
}

/** Input shape of an InputLayer or a first layer: [batch, ...dims] with null for free. */
export function declaredShape(config: Config): (number | null)[] | null {
  const s = config.batch_input_shape ?? config.batch_shape;
  if (Array.isArray(s) && s.every((d) => d === null || typeof d === 'number')) {
    return s as (number | null)[];
  }
  return null;
}

/** A short, human summary of a layer's settings (units, filters, kernel, activation). */
export function summarize(className: string, c: Config): string {
  switch (className) {
    case 'InputLayer': {
      const s = declaredShape(c);
      return s
        ? `shape [${s
            .slice(1)
            .map((d) => d ?? 'any')
            .join(', ')}]`
        : '';
    }
    case 'Conv1D':
    case 'Conv2D':
    case 'SeparableConv2D':
    case 'Conv2DTranspose':
      return parts(
        ['% filters', c.filters],
        ['kernel %', c.kernel_size],
        ['stride %', c.strides],
        ['%', c.padding],
        ['%', c.activation],
      );
    case 'Dense':
      return parts(['% units', c.units], ['%', c.activation]);
    case 'MaxPooling1D':
    case 'AveragePooling1D':
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return parts(['pool %', c.pool_size], ['stride %', c.strides], ['%', c.padding]);
    case 'Dropout':
    case 'SpatialDropout1D':
    case 'AlphaDropout':
    case 'GaussianDropout':
      return parts(['rate %', c.rate]);
    case 'Activation':
      return parts(['%', c.activation]);
    case 'LeakyReLU':
      return parts(['slope %', c.negative_slope ?? c.alpha]);
    case 'ELU':
      return parts(['alpha %', c.alpha]);
    case 'LSTM':
    case 'GRU':
    case 'SimpleRNN':
      return parts(['% units', c.units], ['%', c.return_sequences === true ? 'sequences' : null]);
    case 'Reshape':
      return parts(['to [%]', c.target_shape]);
    case 'Concatenate':
      return parts(['axis %', c.axis]);
    default:
      return '';
  }
}
