-- wrk script: runs/create in one experiment.
-- Usage: wrk -s create-run.lua <url> -- <experiment_id>
local experiment_id
local n = 0

-- $SLIPWAY_BENCH_AUTHORIZATION, when set, is sent as the Authorization header (bench/auth.sh).
local authorization = os.getenv("SLIPWAY_BENCH_AUTHORIZATION")
if authorization == "" then authorization = nil end

function init(args)
  experiment_id = args[1]
end

function request()
  n = n + 1
  local body = string.format('{"experiment_id":"%s","start_time":%d,"run_name":"bench-%d"}', experiment_id, 1700000000000 + n, n)
  return wrk.format("POST", "/api/2.0/mlflow/runs/create", { ["Content-Type"] = "application/json", ["Authorization"] = authorization }, body)
end
