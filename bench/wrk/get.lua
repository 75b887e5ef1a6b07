-- wrk script: GET of one path (with its query), given as the script's argument.
-- Usage: wrk -s get.lua <url> -- "/api/2.0/mlflow/metrics/get-history?run_id=...&metric_key=loss"
-- $SLIPWAY_BENCH_AUTHORIZATION, when set, is sent as the Authorization header (bench/auth.sh).
local authorization = os.getenv("SLIPWAY_BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then wrk.headers["Authorization"] = authorization end

function init(args)
  wrk.path = args[1]
end
