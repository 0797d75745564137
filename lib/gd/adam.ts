import * as tf from "@tensorflow/tfjs";
import { checkNumber } from "../util/check";

/**
 * Adam (Kingma & Ba 2015) for a list of tfjs variables (e.g. one weight matrix per layer), in PyTorch's form
 * (the published runs used torch.optim.Adam), elementwise for every parameter p with gradient g:
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
 *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
 * The bias corrections are computed in float64 on the host. `step(loss)` differentiates a loss; `apply(grads)`
 * takes gradients computed elsewhere (data-parallel GD sums the shards' gradients, lib/gd/parallel.ts), so
 * copies of the weights that apply the same gradients stay identical. Written here rather than using
 * tf.train.adam because that optimizer leaves one tensor behind per instance after dispose() (tfjs 4.22), and
 * every training run must leave the device exactly as it found it.
 */
export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** PyTorch's defaults. */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export class Adam {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly params: readonly tf.Variable[];
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  constructor(params: tf.Variable | readonly tf.Variable[], options: AdamOptions) {
    this.params = Array.isArray(params) ? [...params] : [params as tf.Variable];
    if (this.params.length === 0) throw new RangeError("params must hold at least one variable (got none)");
    this.lr = checkNumber("lr", options.lr, { gt: 0 });
    this.beta1 = checkNumber("beta1", options.beta1 ?? ADAM_DEFAULTS.beta1, { ge: 0, lt: 1 });
    this.beta2 = checkNumber("beta2", options.beta2 ?? ADAM_DEFAULTS.beta2, { ge: 0, lt: 1 });
    this.epsilon = checkNumber("epsilon", options.epsilon ?? ADAM_DEFAULTS.epsilon, { gt: 0 });
    // tidy frees the zero tensors the variables are copied from (variables survive a tidy)
    const zeros = () => tf.tidy(() => this.params.map((p) => tf.variable(tf.zerosLike(p), false)));
    this.m = zeros();
    this.v = zeros();
  }

  /** One step on `loss` (a scalar function of the parameters); keeps no tensor. */
  step(loss: () => tf.Scalar): void {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(loss, [...this.params]);
      this.apply(this.params.map((p) => grads[p.name]));
    });
  }

  /** One step with the given gradients, one per parameter in order (the caller keeps and frees them). */
  apply(grads: readonly tf.Tensor[]): void {
    if (grads.length !== this.params.length) throw new RangeError(`grads must hold one gradient per parameter, ${this.params.length} (got ${grads.length})`);
    this.t++;
    const stepSize = this.lr / (1 - this.beta1 ** this.t);
    const root2 = Math.sqrt(1 - this.beta2 ** this.t);
    tf.tidy(() => {
      this.params.forEach((param, i) => {
        const g = grads[i];
        const m = this.m[i].mul(this.beta1).add(g.mul(1 - this.beta1));
        const v = this.v[i].mul(this.beta2).add(g.square().mul(1 - this.beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        param.assign(param.sub(m.div(v.sqrt().div(root2).add(this.epsilon)).mul(stepSize)));
      });
    });
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** Frees the moment estimates (not the parameters). */
  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
