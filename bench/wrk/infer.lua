-- wrk script: one-row Open Inference Protocol V2 REST requests, the same body every time.
-- Usage: wrk -s infer.lua <url> -- <path> (e.g. /v2/models/linear/infer)
-- The row has the benchmark model's 8 features (bench/Slipway.Bench/ServingSetup.cs).
local body = '{"inputs":[{"name":"x","shape":[1,8],"datatype":"FP32","data":[0.25,0.375,0.5,0.625,0.75,0.875,1,1.125]}]}'
local path = "/v2/models/linear/infer"

function init(args)
  if args[1] ~= nil then path = args[1] end
end

function request()
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end
