import { gampRie } from "../lib/amp/gamp";
import { hardmax } from "../lib/channels/hardmax";
import { softmax } from "../lib/channels/softmax";
import { sampleProblem } from "../lib/model/data";
import { useBackend } from "../lib/tensor/backend";
(async () => {
  await useBackend("wasm");
  for (const [channel, alpha, d] of [[softmax(2), 0.1, 50], [softmax(2), 0.3, 50], [hardmax(2), 1, 50], [hardmax(2), 4, 100], [softmax(3), 0.1, 100]] as const) {
    const { teacher, data } = sampleProblem(channel, d, 0.5, alpha, `precision ${alpha}`);
    let t = performance.now();
    const r64 = gampRie(channel, data, 0.5, { truth: teacher.S });
    const t64 = performance.now() - t; t = performance.now();
    const r32 = gampRie(channel, data, 0.5, { truth: teacher.S, precision: "float32" });
    const t32 = performance.now() - t;
    console.log(channel.name, alpha, d, r64.mse, r32.mse, (r32.mse - r64.mse) / r64.mse, r64.iterations, r32.iterations, (t64 / r64.iterations).toFixed(1), (t32 / r32.iterations).toFixed(1));
  }
})();
