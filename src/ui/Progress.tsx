import { For, Show } from 'solid-js';
import { state, type JobView } from '../state/app-state';

/** One job's progress: its label, a bar (indeterminate until the total is known), Cancel. */
function JobBar(props: { kind: string; job: JobView }) {
  return (
    <div class="progress" data-job={props.kind}>
      <label>
        {props.job.label}
        <Show when={props.job.total > 0} fallback={<progress aria-label={props.job.label} />}>
          <progress max={props.job.total} value={props.job.done} aria-label={props.job.label} />
        </Show>
      </label>
      <Show when={props.job.cancel}>
        <button type="button" onClick={() => props.job.cancel?.()}>
          Cancel
        </button>
      </Show>
    </div>
  );
}

/**
 * The progress of the running jobs of the given kinds (see src/state/jobs.ts). Every view shows
 * its own jobs with this component, beside the controls that started them.
 */
export function Progress(props: { kinds: string[] }) {
  return (
    <For each={props.kinds}>
      {(kind) => <Show when={state.jobs[kind]}>{(job) => <JobBar kind={kind} job={job()} />}</Show>}
    </For>
  );
}
