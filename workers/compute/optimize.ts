/**
 * Inverse optimization (paper Section IV-D) and adversarial examples (FGSM, iterative FGSM and
 * PGD, Section IV-E) on the loaded model, as loops that stay on the backend: x is a tensor for
 * the whole run, each step is one backward pass of `gradientTensors()` (gradients.ts) and a few
 * element-wise ops; only the loss and the prediction ([runs] numbers) are read back, every `every`
 * steps, and the final series once at the end.
 *
 * Several runs go in one batch, one per derived-channel mode (rows of x): each sample's loss
 * depends only on its own row, so one backward pass of the summed loss gives every row's
 * gradient.
 *
 * - inverse: x <- x - alpha dL/dx; L = cross-entropy to the target class, or (y - v)^2 to the
 *   target value of a regression output.
 * - fgsm: x0 + epsilon sign(dL/dx), L = the loss of the attacked class / true value (increased).
 * - iterative-fgsm: x <- Clip_{x0, eps}(x + alpha sign(dL/dx)), t steps.
 * - pgd: iterative FGSM from x0 + U(-eps, eps) (seeded).
 * Channel masks: the step direction is zero on channels that may not change. Consistent derived
 * channels: the step acts on the base channel only, through the vector-Jacobian product of
 * d[t] = b[t] - b[t-1] (t >= 1; d[0] stays the start's), and d is recomputed from b after each
 * step, so the result is a series the dataset's preprocessing could have made.
 */
import * as tf from '@tensorflow/tfjs';
import { uniformBallOffset } from '../../src/core/derived-channels';
import { TsvizError } from '../../src/core/errors';
import type {
  DerivedMode,
  GradientRequest,
  OptimizationRequest,
  TraceFn,
  TracePoint,
} from '../../src/core/protocol';
import { disposeGradientTensors, gradientTensors } from './gradients';

/** What the loop needs of a job (job.ts's JobContext). */
export interface OptimizeContext {
  step<T>(fn: () => Promise<T> | T): Promise<T>;
  progress(done: number, total: number, label?: string): void;
}

/** The model's head, as ModelInfo describes it. */
export interface OptimizeHead {
  task: 'classification' | 'regression';
  /** 'sigmoid', 'softmax', 'linear', ... */
  outputActivation: string;
  outputUnits: number;
}

export type OptimizeSpec = Omit<OptimizationRequest, 'start'>;

export interface OptimizeOutcome {
  modes: DerivedMode[];
  /** [runs, T, C] row-major. */
  final: Float32Array;
  /** [runs, units] the output at x0 and at the end. */
  startOutput: Float32Array;
  endOutput: Float32Array;
  /** [runs] */
  startPrediction: number[];
  endPrediction: number[];
  startLoss: number[];
  endLoss: number[];
  trace: TracePoint[];
  steps: number;
}

const adversarial = (m: OptimizeSpec['method']) => m !== 'inverse';

const METHOD_NAMES = {
  inverse: 'Inverse optimization',
  fgsm: 'FGSM',
  'iterative-fgsm': 'Iterative FGSM',
  pgd: 'PGD',
} as const;

/** Most steps run between two turns of the job queue. */
const CHUNK_STEPS = 25;

/** What one gradient call at x gives ([R] per run). */
interface Stats {
  loss: tf.Tensor1D;
  prediction: tf.Tensor1D;
  output: tf.Tensor2D;
  /** The next x, when a step was asked for. */
  next?: tf.Tensor3D;
}

/** Check the settings before any tensor is made. */
export function checkSpec(spec: OptimizeSpec, head: OptimizeHead, C: number): void {
  const bad = (what: string, fix: string) => {
    throw new TsvizError('dataset-config', what, fix);
  };
  if (!['inverse', 'fgsm', 'iterative-fgsm', 'pgd'].includes(spec.method))
    bad(`Unknown method '${spec.method}'.`, 'Choose one of the listed methods.');
  if (spec.method !== 'fgsm' && !(Number.isInteger(spec.steps) && spec.steps >= 1))
    bad(`The step count ${spec.steps} is not a whole number of at least 1.`, 'Enter t >= 1.');
  if (!(spec.alpha > 0 && Number.isFinite(spec.alpha)) && spec.method !== 'fgsm')
    bad(`The step size alpha = ${spec.alpha} is not a positive number.`, 'Enter alpha > 0.');
  if (adversarial(spec.method) && !(spec.epsilon > 0 && Number.isFinite(spec.epsilon)))
    bad(`epsilon = ${spec.epsilon} is not a positive number.`, 'Enter epsilon > 0.');
  if (!(Number.isInteger(spec.every) && spec.every >= 1))
    bad(`Report every ${spec.every} steps: not a whole number of at least 1.`, 'Enter k >= 1.');
  if (!Number.isFinite(spec.seed)) bad(`The seed ${spec.seed} is not a number.`, 'Enter a seed.');
  if (spec.channels.length !== C)
    bad(
      `The channel mask has ${spec.channels.length} entries for ${C} channels.`,
      'Tick channels again.',
    );
  if (!spec.channels.some(Boolean))
    bad('No channel may change.', 'Tick at least one channel to optimize.');
  const t = spec.target;
  if (t.kind === 'class') {
    if (head.task !== 'classification')
      bad('A class target needs a classifier.', 'Choose a target value for this regression model.');
    if (head.outputActivation !== 'sigmoid' && head.outputActivation !== 'softmax')
      throw new TsvizError(
        'model-graph',
        `The classifier's output is '${head.outputActivation}', not a sigmoid or softmax: its cross-entropy is not defined.`,
        'Use a model whose last layer is a sigmoid or a softmax.',
      );
    const classes = head.outputUnits === 1 ? 2 : head.outputUnits;
    if (!(Number.isInteger(t.classIndex) && t.classIndex >= 0 && t.classIndex < classes))
      bad(`Class ${t.classIndex} does not exist (0 to ${classes - 1}).`, 'Choose a listed class.');
  } else {
    if (!Number.isFinite(t.value))
      bad(`The target value ${t.value} is not a number.`, 'Enter a number.');
    if (!(Number.isInteger(t.index) && t.index >= 0 && t.index < head.outputUnits))
      bad(
        `Output ${t.index} does not exist.`,
        `Choose an output from 0 to ${head.outputUnits - 1}.`,
      );
  }
  for (const p of spec.derived?.pairs ?? []) {
    if (![p.base, p.diff].every((c) => Number.isInteger(c) && c >= 0 && c < C) || p.base === p.diff)
      bad(
        `The derived channel pair ${p.base} -> ${p.diff} is not two input channels.`,
        'Reload the model.',
      );
  }
  if (spec.derived && spec.derived.modes.length === 0)
    bad('No derived-channel mode was chosen.', 'Choose consistent, independent or both.');
}

/** The gradient request and how loss and prediction come out of its result. */
function objective(spec: OptimizeSpec, head: OptimizeHead, rows: number) {
  const t = spec.target;
  if (t.kind === 'value') {
    const req: GradientRequest = {
      target: { kind: 'output', index: t.index },
      layers: [],
      input: true,
    };
    return {
      req,
      /** From the target [R] (the output value): loss and prediction, and dL/dx from d y / dx. */
      read(target: tf.Tensor1D, _output: tf.Tensor2D, grad: tf.Tensor3D | null) {
        const err = target.sub(t.value);
        return {
          loss: err.square() as tf.Tensor1D,
          prediction: target.clone(),
          grad: grad ? grad.mul(err.mul(2).reshape([rows, 1, 1])) : null,
        };
      },
    };
  }
  const c = t.classIndex;
  const units = head.outputUnits;
  let labels: Float32Array;
  if (head.outputActivation === 'softmax') labels = new Float32Array(rows).fill(c);
  else if (units === 1) labels = new Float32Array(rows).fill(c === 1 ? 1 : 0);
  else {
    labels = new Float32Array(rows * units);
    for (let r = 0; r < rows; r++) labels[r * units + c] = 1;
  }
  const req: GradientRequest = { target: { kind: 'loss', labels }, layers: [], input: true };
  return {
    req,
    read(target: tf.Tensor1D, output: tf.Tensor2D, grad: tf.Tensor3D | null) {
      const p =
        units === 1
          ? output.slice([0, 0], [rows, 1]).reshape([rows])
          : output.slice([0, c], [rows, 1]).reshape([rows]);
      return {
        loss: target.clone(),
        prediction: (units === 1 && c === 0 ? tf.sub(1, p) : p) as tf.Tensor1D,
        grad: grad ? grad.clone() : null,
      };
    },
  };
}

/**
 * Run the optimization from x0 ([T, C] row-major) and return every run's result. Progress and
 * the trace are reported every `spec.every` steps; each chunk of `every` steps runs in
 * `ctx.step` (so a job serves other calls between chunks and can be cancelled there).
 */
export async function optimize(
  model: tf.LayersModel,
  head: OptimizeHead,
  x0: Float32Array,
  shape: [number, number],
  spec: OptimizeSpec,
  ctx: OptimizeContext,
  onTrace?: TraceFn,
): Promise<OptimizeOutcome> {
  const [T, C] = shape;
  if (x0.length !== T * C)
    throw new TsvizError(
      'model-input',
      `The start has ${x0.length} values, not ${T} × ${C}.`,
      'Send one [T, C] input.',
    );
  checkSpec(spec, head, C);
  const pairs = spec.derived?.pairs ?? [];
  const modes: DerivedMode[] = spec.derived ? [...spec.derived.modes] : ['plain'];
  const R = modes.length;
  const steps = spec.method === 'fgsm' ? 1 : spec.steps;
  const alpha = spec.method === 'fgsm' ? spec.epsilon : spec.alpha;
  const obj = objective(spec, head, R);
  const consRows = modes.map((m) => (m === 'consistent' ? 1 : 0));
  const anyConsistent = consRows.some(Boolean);
  // in a consistent row, a pair's difference follows its base: it changes iff the base may
  const active = pairs.filter((p) => spec.channels[p.base]);
  const P = active.length;

  const held: tf.Tensor[] = [];
  const hold = <X extends tf.Tensor>(t: X): X => {
    held.push(t);
    return t;
  };
  // constants of the run
  const start = hold(tf.tidy(() => tf.tensor3d(x0, [1, T, C]).tile([R, 1, 1]) as tf.Tensor3D));
  const maskRows = modes.map((m) =>
    spec.channels.map((ok, c) =>
      ok && !(m === 'consistent' && pairs.some((p) => p.diff === c)) ? 1 : 0,
    ),
  );
  const mask = hold(tf.tensor3d(maskRows.flat(), [R, 1, C]));
  const cons = hold(tf.tensor3d(consRows, [R, 1, 1]));
  const oneHot = (idx: number[]) => {
    const m = new Float32Array(idx.length * C);
    idx.forEach((c, k) => (m[k * C + c] = 1));
    return tf.tensor2d(m, [idx.length, C]);
  };
  const derive =
    anyConsistent && P > 0
      ? {
          baseIdx: hold(
            tf.tensor1d(
              active.map((p) => p.base),
              'int32',
            ),
          ),
          diffIdx: hold(
            tf.tensor1d(
              active.map((p) => p.diff),
              'int32',
            ),
          ),
          eBase: hold(oneHot(active.map((p) => p.base))),
          eDiff: hold(oneHot(active.map((p) => p.diff))),
          /** [1, T, 1]: 0 at t = 0, else 1 (d[0] does not depend on b). */
          later: hold(
            tf.tensor3d(
              Array.from({ length: T }, (_, t) => (t ? 1 : 0)),
              [1, T, 1],
            ),
          ),
          /** [R, 1, C]: the difference columns recomputed in each row. */
          sel: hold(
            tf.tensor3d(
              modes.flatMap((m) =>
                Array.from({ length: C }, (_, c) =>
                  m === 'consistent' && active.some((p) => p.diff === c) ? 1 : 0,
                ),
              ),
              [R, 1, C],
            ),
          ),
        }
      : null;
  const clip = adversarial(spec.method)
    ? { lo: hold(start.sub(spec.epsilon)), hi: hold(start.add(spec.epsilon)) }
    : null;

  /** [R, T, P] -> [R, T, C] through a [P, C] one-hot placement. */
  const place = (v: tf.Tensor3D, e: tf.Tensor2D) =>
    tf.matMul(v.reshape([R * T, P]), e).reshape([R, T, C]) as tf.Tensor3D;
  /** In consistent rows, recompute each active difference channel from its base (d[0] kept). */
  const rederive = (x: tf.Tensor3D): tf.Tensor3D => {
    if (!derive) return x;
    const b = tf.gather(x, derive.baseIdx, 2) as tf.Tensor3D;
    const d0 = tf.gather(start, derive.diffIdx, 2).slice([0, 0, 0], [R, 1, P]);
    const prev = tf.concat(
      [b.slice([0, 0, 0], [R, 1, P]).sub(d0), b.slice([0, 0, 0], [R, T - 1, P])],
      1,
    );
    const d = place(b.sub(prev) as tf.Tensor3D, derive.eDiff);
    return x.mul(tf.sub(1, derive.sel)).add(d.mul(derive.sel)) as tf.Tensor3D;
  };
  /** The step direction from dL/dx: through the difference channels in consistent rows, masked. */
  const direction = (g: tf.Tensor3D): tf.Tensor3D => {
    let u = g;
    if (derive) {
      const gd = (tf.gather(g, derive.diffIdx, 2) as tf.Tensor3D).mul(derive.later) as tf.Tensor3D;
      const next = tf.concat([gd.slice([0, 1, 0], [R, T - 1, P]), tf.zeros([R, 1, P])], 1);
      u = u.add(place(gd.sub(next) as tf.Tensor3D, derive.eBase).mul(cons));
    }
    return u.mul(mask);
  };
  const update = (x: tf.Tensor3D, g: tf.Tensor3D): tf.Tensor3D => {
    const u = direction(g);
    let next: tf.Tensor3D;
    if (!clip) next = x.sub(u.mul(alpha));
    else next = tf.minimum(tf.maximum(x.add(u.sign().mul(alpha)), clip.lo), clip.hi);
    return rederive(next);
  };

  /** One gradient call at x: loss and prediction [R], the output, and the next x when `step`. */
  const evaluateAt = (x: tf.Tensor3D, step: boolean): Stats => {
    const g = gradientTensors(model, x, { ...obj.req, input: step });
    try {
      return tf.tidy(() => {
        const r = obj.read(g.target, g.output, g.input);
        const out: Stats = { loss: r.loss, prediction: r.prediction, output: g.output.clone() };
        if (step && r.grad) out.next = update(x, r.grad as tf.Tensor3D);
        return out as unknown as tf.TensorContainer;
      }) as unknown as Stats;
    } finally {
      disposeGradientTensors(g);
    }
  };
  const read = async (r: { loss: tf.Tensor; prediction: tf.Tensor; output: tf.Tensor }) => {
    const [loss, prediction, output] = await Promise.all([
      r.loss.data() as Promise<Float32Array>,
      r.prediction.data() as Promise<Float32Array>,
      r.output.data() as Promise<Float32Array>,
    ]);
    tf.dispose([r.loss, r.prediction, r.output]);
    return { loss: Array.from(loss), prediction: Array.from(prediction), output };
  };

  // a Comlink-proxied callback returns a promise; a closed page is not the loop's failure
  const report = (points: TracePoint[]) =>
    void Promise.resolve(onTrace?.(points)).catch(() => undefined);
  let x: tf.Tensor3D | null = null;
  try {
    const first = await ctx.step(() => read(evaluateAt(start, false)));
    x = tf.tidy(() => {
      let s = rederive(start.clone());
      if (spec.method === 'pgd') {
        const noise = tf.tensor3d(uniformBallOffset(T, C, spec.epsilon, spec.seed), [1, T, C]);
        s = rederive(s.add(noise.mul(mask)) as tf.Tensor3D);
      }
      return s;
    });
    const trace: TracePoint[] = [];
    let done = 0;
    const name = METHOD_NAMES[spec.method];
    ctx.progress(0, steps, `${name}: step 0 of ${steps}`);
    while (done < steps) {
      // a chunk ends at the next trace step, or after CHUNK_STEPS (so Cancel and other calls
      // get a turn even when trace points are far apart)
      const n = Math.min(spec.every - (done % spec.every), CHUNK_STEPS, steps - done);
      const at = done;
      const traced = at % spec.every === 0;
      const point = await ctx.step(async () => {
        let stats: Stats | null = null;
        for (let j = 0; j < n; j++) {
          const r = evaluateAt(x as tf.Tensor3D, true);
          (x as tf.Tensor3D).dispose();
          x = r.next as tf.Tensor3D;
          if (j === 0 && traced) stats = r;
          else tf.dispose([r.loss, r.prediction, r.output]);
        }
        if (!stats) return null;
        const s = await read(stats);
        return { step: at, loss: s.loss, prediction: s.prediction };
      });
      done += n;
      if (point) {
        trace.push(point);
        report([point]);
      }
      ctx.progress(done, steps, `${name}: step ${done} of ${steps}`);
    }
    const last = await ctx.step(async () => {
      const s = await read(evaluateAt(x as tf.Tensor3D, false));
      const final = (await (x as tf.Tensor3D).data()) as Float32Array;
      return { ...s, final };
    });
    const end: TracePoint = { step: steps, loss: last.loss, prediction: last.prediction };
    trace.push(end);
    report([end]);
    return {
      modes,
      final: last.final,
      startOutput: first.output,
      endOutput: last.output,
      startPrediction: first.prediction,
      endPrediction: last.prediction,
      startLoss: first.loss,
      endLoss: last.loss,
      trace,
      steps,
    };
  } finally {
    (x as tf.Tensor3D | null)?.dispose();
    tf.dispose(held);
  }
}
