// ONNX Runtime as an independent checker for the tests: runs MODEL once on the tensors listed in
// DIR/inputs.json ([{name, type, dims, file}], raw little-endian files in DIR) and writes every
// output to DIR/<prefix><index>.bin with DIR/<prefix>outputs.json ([{name, type, dims, file}]).
//
//   node run_tensors.mjs MODEL DIR [PREFIX=out_] [OPTIMIZATION=all|basic|extended|disabled]

import * as ort from 'onnxruntime-node';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [model, dir, prefixArg, levelArg] = process.argv.slice(2);
if (!model || !dir) {
  console.error('usage: node run_tensors.mjs MODEL DIR [PREFIX] [OPTIMIZATION]');
  process.exit(2);
}
const prefix = prefixArg ?? 'out_';
const arrays = {
  float32: Float32Array, uint8: Uint8Array, int8: Int8Array, int32: Int32Array,
  int64: BigInt64Array, float64: Float64Array, bool: Uint8Array,
  float16: Uint16Array, // IEEE binary16 bits, as onnxruntime-node takes and gives them
};
const session = await ort.InferenceSession.create(model, {
  intraOpNumThreads: 1,
  graphOptimizationLevel: levelArg ?? 'all',
});
const feeds = {};
for (const t of JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'))) {
  if (!session.inputNames.includes(t.name)) continue;
  const bytes = readFileSync(join(dir, t.file));
  const Type = arrays[t.type];
  const data = new Type(bytes.buffer, bytes.byteOffset, bytes.byteLength / Type.BYTES_PER_ELEMENT);
  feeds[t.name] = new ort.Tensor(t.type, data.slice(), t.dims);
}
const results = await session.run(feeds);
const index = [];
session.outputNames.forEach((name, i) => {
  const t = results[name];
  const file = `${prefix}${i}.bin`;
  writeFileSync(join(dir, file), Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  index.push({ name, type: t.type, dims: t.dims.map(Number), file });
});
writeFileSync(join(dir, `${prefix}outputs.json`), JSON.stringify(index));
