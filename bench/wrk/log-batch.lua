-- wrk script: log-batch requests of 1000 metrics (100 keys x 10 steps), like the C# generator's log-batch
-- scenario: each of the given runs gets its own bodies, requests rotate over the runs, and each run cycles
-- through 32 bodies whose steps advance with the body index.
-- Usage: wrk -s log-batch.lua <url> -- <run_id>,<run_id>,...
local bodies = {}
local counter = 0
local next_thread = 0

-- Each thread logs its own steps (setup runs in the main Lua state, before each thread's init).
function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

-- $SLIPWAY_BENCH_AUTHORIZATION, when set, is sent as the Authorization header (bench/auth.sh).
local authorization = os.getenv("SLIPWAY_BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then wrk.headers["Authorization"] = authorization end

function init(args)
  local runs = {}
  for run in string.gmatch(args[1], "[^,]+") do
    runs[#runs + 1] = run
  end

  local tid = thread_id or 0
  local timestamp = 1700000000000
  for r, run in ipairs(runs) do
    for b = 0, 31 do
      local metrics = {}
      for m = 0, 999 do
        metrics[#metrics + 1] = string.format(
          '{"key":"metric_%d","value":%.17g,"timestamp":%d,"step":%d}',
          m % 100, math.random(), timestamp + m, ((tid * 32 + b) * 10) + math.floor(m / 100))
      end
      bodies[#bodies + 1] = string.format('{"run_id":"%s","metrics":[%s]}', run, table.concat(metrics, ","))
    end
  end
  wrk.method = "POST"
  wrk.path = "/api/2.0/mlflow/runs/log-batch"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, bodies[(counter % #bodies) + 1])
end
