-- GET /api/v1/categories with 20,000 Origin values in turn. The output cache keys an answer by its Origin (CORS
-- answers name it), so against an API started with Catalog__PageCacheSeconds=0.1 every request is a miss and
-- reads the categories (an unknown origin gets the same 200, without CORS headers).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local requests = {}

setup = common.setup

function init(args)
  for i = 1, 20000 do
    requests[i] = wrk.format("GET", "/api/v1/categories", { ["Accept"] = "application/json", ["Origin"] = "http://o" .. i .. ".test" })
  end
end

request = common.in_turn(requests)

function done(summary, latency, requests_)
  common.report(summary, latency)
end
