import * as tf from "@tensorflow/tfjs";
import { checkNumber } from "../util/check";

/**
 * Adam (Kingma & Ba 2015) for one tfjs variable, in PyTorch's form (the published runs used torch.optim.Adam):
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
 *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
 * The bias corrections are computed in float64 on the host. Written here rather than using tf.train.adam
 * because that optimizer leaves one tensor behind per instance after dispose() (tfjs 4.22), and every
 * training run must leave the device exactly as it found it.
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
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private t = 0;

  constructor(readonly param: tf.Variable, options: AdamOptions) {
    this.lr = checkNumber("lr", options.lr, { gt: 0 });
    this.beta1 = checkNumber("beta1", options.beta1 ?? ADAM_DEFAULTS.beta1, { ge: 0, lt: 1 });
    this.beta2 = checkNumber("beta2", options.beta2 ?? ADAM_DEFAULTS.beta2, { ge: 0, lt: 1 });
    this.epsilon = checkNumber("epsilon", options.epsilon ?? ADAM_DEFAULTS.epsilon, { gt: 0 });
    // tidy frees the zero tensors the variables are copied from (variables survive a tidy)
    [this.m, this.v] = tf.tidy(() => [tf.variable(tf.zerosLike(param), false), tf.variable(tf.zerosLike(param), false)]);
  }

  /** One step on `loss` (a scalar function of the parameter); returns nothing and keeps no tensor. */
  step(loss: () => tf.Scalar): void {
    this.t++;
    const stepSize = this.lr / (1 - this.beta1 ** this.t);
    const root2 = Math.sqrt(1 - this.beta2 ** this.t);
    tf.tidy(() => {
      const { grads } = tf.variableGrads(loss, [this.param]);
      const g = grads[this.param.name];
      const m = this.m.mul(this.beta1).add(g.mul(1 - this.beta1));
      const v = this.v.mul(this.beta2).add(g.square().mul(1 - this.beta2));
      this.m.assign(m);
      this.v.assign(v);
      this.param.assign(this.param.sub(m.div(v.sqrt().div(root2).add(this.epsilon)).mul(stepSize)));
    });
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** Frees the moment estimates (not the parameter). */
  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
