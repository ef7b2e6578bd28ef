-- wrk's `done` hook for scripts/bench_http.py: one line of JSON with the exact figures
-- (wrk prints its percentiles rounded and in mixed units). Times in microseconds.
--   wrk -s scripts/wrk/report.lua --latency http://127.0.0.1:8000/

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      "BENCH_JSON {\"requests\": %d, \"duration_us\": %d, \"bytes\": %d, "
         .. "\"connect\": %d, \"read\": %d, \"write\": %d, \"status\": %d, \"timeout\": %d, "
         .. "\"p50_us\": %d, \"p90_us\": %d, \"p99_us\": %d, \"max_us\": %d, \"mean_us\": %.1f}\n",
      summary.requests, summary.duration, summary.bytes,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.max, latency.mean))
end
