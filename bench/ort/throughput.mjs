// ONNX Runtime reference for bench/bench_demo: loads MODEL, reads the samples listed in
// DIR/inputs.json ([{name, type, dims, file}], one entry per sample, raw little-endian float32
// files in DIR), runs each once to warm up, then ROUNDS passes over all of them with
// intraOpNumThreads = THREADS, and prints one line: "ort_images_per_s=<median over rounds>".
//
//   node throughput.mjs MODEL DIR [THREADS=2] [ROUNDS=3]

import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [model, dir, threadsArg, roundsArg] = process.argv.slice(2);
if (!model || !dir) {
  console.error('usage: node throughput.mjs MODEL DIR [THREADS] [ROUNDS]');
  process.exit(2);
}
const threads = Math.max(1, Number(threadsArg ?? 2));
const rounds = Math.max(1, Number(roundsArg ?? 3));
const session = await ort.InferenceSession.create(model, {
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});
const samples = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8')).map((s) => {
  if (s.type !== 'float32') throw new Error(`${s.file}: only float32 samples, not ${s.type}`);
  const bytes = readFileSync(join(dir, s.file));
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return { [s.name]: new ort.Tensor('float32', data, s.dims) };
});
for (const feeds of samples) await session.run(feeds);
const rates = [];
for (let r = 0; r < rounds; ++r) {
  const start = process.hrtime.bigint();
  for (const feeds of samples) await session.run(feeds);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rates.push(samples.length / seconds);
}
rates.sort((a, b) => a - b);
console.log(`ort_images_per_s=${rates[Math.floor(rates.length / 2)]}`);
