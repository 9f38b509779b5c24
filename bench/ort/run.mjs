// ONNX Runtime reference for bench/bench_executor: loads MODEL, feeds random float32 inputs of the
// model's declared shapes (symbolic dims = 1), runs WARMUP + RUNS batch-1 forwards with
// intraOpNumThreads = THREADS and prints one line: "ort_median_ms=<m> ort_best_ms=<b>".
//
//   node run.mjs MODEL [RUNS=10] [THREADS=2] [WARMUP=2]
//
// With AUTOSPLIT_ORT_PROFILE=PREFIX set, ONNX Runtime also writes its per-node profile (Chrome
// trace JSON) to PREFIX_<date>.json, to compare with bench_executor --profile.

import * as ort from 'onnxruntime-node';

const [model, runsArg, threadsArg, warmupArg] = process.argv.slice(2);
if (!model) {
  console.error('usage: node run.mjs MODEL [RUNS] [THREADS] [WARMUP]');
  process.exit(2);
}
const runs = Math.max(1, Number(runsArg ?? 10));
const threads = Math.max(1, Number(threadsArg ?? 2));
const warmup = Math.max(0, Number(warmupArg ?? 2));

const session = await ort.InferenceSession.create(model, {
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  ...(process.env.AUTOSPLIT_ORT_PROFILE
    ? { enableProfiling: true, profileFilePrefix: process.env.AUTOSPLIT_ORT_PROFILE }
    : {}),
});

// Deterministic pseudo-random inputs (the time does not depend on the values).
let seed = 12345;
const next = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
};
const feeds = {};
for (const name of session.inputNames) {
  const meta = session.inputMetadata?.find?.((m) => m.name === name);
  const dims = (meta?.shape ?? []).map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  const size = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; ++i) data[i] = next();
  feeds[name] = new ort.Tensor('float32', data, dims);
}

for (let i = 0; i < warmup; ++i) await session.run(feeds);
const times = [];
for (let i = 0; i < runs; ++i) {
  const t0 = process.hrtime.bigint();
  await session.run(feeds);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
if (process.env.AUTOSPLIT_ORT_PROFILE) session.endProfiling();
times.sort((a, b) => a - b);
console.log(`ort_median_ms=${times[Math.floor(times.length / 2)].toFixed(3)} ort_best_ms=${times[0].toFixed(3)}`);
