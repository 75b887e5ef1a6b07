-- wrk script: GET of one path (with its query), given as the script's argument.
-- Usage: wrk -s get.lua <url> -- "/api/2.0/mlflow/metrics/get-history?run_id=...&metric_key=loss"
function init(args)
  wrk.path = args[1]
end
