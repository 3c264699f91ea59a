// Loaded into the API by the benchmark with BENCH_EXPLAIN=1 (node -r): writes the
// SELECT statements the API sends, with their parameters (each text again only when its
// parameters are larger than before),
// to BENCH_CAPTURE_FILE, so the benchmark can EXPLAIN the statements as they were sent.
// Benchmark data only: no real person's data passes through a benchmark database.
const { appendFileSync } = require('node:fs');
const pg = require(require.resolve('pg', { paths: [process.cwd()] }));

const file = process.env.BENCH_CAPTURE_FILE;
const seen = new Map();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, ...rest) {
  const text = typeof config === 'string' ? config : config?.text;
  const params = Array.isArray(values) ? values : config?.values;
  if (file && typeof text === 'string' && /^\s*SELECT/i.test(text)) {
    // Each text once more whenever its parameters grow: the benchmark explains the largest instance.
    const size = JSON.stringify(params ?? []).length;
    if (size > (seen.get(text) ?? -1)) {
      seen.set(text, size);
      appendFileSync(file, `${JSON.stringify({ text, values: params ?? [] })}\n`);
    }
  }
  return query.call(this, config, values, ...rest);
};
