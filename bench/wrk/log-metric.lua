-- wrk script: single-metric log-metric requests to one run, each with the next step.
-- Usage: wrk -s log-metric.lua <url> -- <run_id>
local run_id
local step = 0

-- $SLIPWAY_BENCH_AUTHORIZATION, when set, is sent as the Authorization header (bench/auth.sh).
local authorization = os.getenv("SLIPWAY_BENCH_AUTHORIZATION")
if authorization == "" then authorization = nil end

function init(args)
  run_id = args[1]
end

function request()
  step = step + 1
  local body = string.format(
    '{"run_id":"%s","key":"loss","value":%f,"timestamp":%d,"step":%d}',
    run_id, 1 / step, 1700000000000 + step, step)
  return wrk.format("POST", "/api/2.0/mlflow/runs/log-metric", { ["Content-Type"] = "application/json", ["Authorization"] = authorization }, body)
end
