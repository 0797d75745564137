/**
 * The one place that talks to the Jupyter kernel (tslab). tslab's public `display` API sends one MIME type per
 * message, but a figure must be ONE display bundle with several representations, so this module uses the function
 * tslab's own display API calls underneath: `lastWriteDisplayData` in tslab/dist/jupyter, which is the writer of
 * the cell currently executing (null outside a kernel). tslab is loaded lazily, so the library works without it.
 */

/** A Jupyter display bundle: MIME type → representation (strings, or JSON for +json types). */
export interface DisplayBundle {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** Sends a bundle to the notebook; with `displayId`, a later call with `update: true` replaces it in place. */
export type KernelOutput = (bundle: DisplayBundle, displayId?: string, update?: boolean) => void;

interface TslabJupyter {
  lastWriteDisplayData: ((content: unknown, update: boolean) => void) | null;
}

function loadTslab(): TslabJupyter | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("tslab/dist/jupyter") as TslabJupyter;
  } catch {
    return undefined;
  }
}

/** The output of the notebook cell running now, or undefined when not running inside the tslab kernel. */
export function kernelOutput(): KernelOutput | undefined {
  const jupyter = loadTslab();
  const write = jupyter?.lastWriteDisplayData;
  if (typeof write !== "function") return undefined;
  return (bundle, displayId, update = false) =>
    write(
      { data: bundle.data, metadata: bundle.metadata ?? {}, transient: displayId === undefined ? {} : { display_id: displayId } },
      update,
    );
}
