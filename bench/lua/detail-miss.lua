-- GET /api/v1/products/{id} over many products in turn (ids one a line in $BENCH_IDS). Against an API started
-- with Catalog__PageCacheSeconds=0.1, each id comes back long after its answer expired: every request is a
-- miss of the output cache, so this measures the read behind it (the compiled product query).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local requests = {}

setup = common.setup

function init(args)
  for _, id in ipairs(common.lines(os.getenv("BENCH_IDS"))) do
    requests[#requests + 1] = wrk.format("GET", "/api/v1/products/" .. id, { ["Accept"] = "application/json" })
  end
  assert(#requests > 0, "BENCH_IDS names no product ids")
end

request = common.in_turn(requests)

function done(summary, latency, requests_)
  common.report(summary, latency)
end
