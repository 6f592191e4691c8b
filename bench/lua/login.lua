-- POST /api/v1/auth/login as the seeded customers in turn (bench-user-<i>@bench.local, i = 1..BENCH_USERS),
-- all with the password the seed gave them (BENCH_PASSWORD). Every login starts a new session.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local requests = {}

setup = common.setup

function init(args)
  local users = tonumber(os.getenv("BENCH_USERS") or "100")
  local password = os.getenv("BENCH_PASSWORD")
  -- Spread the users over the threads so two threads never log in as the same user at once.
  local k, n = thread_index or 1, tonumber(os.getenv("BENCH_THREADS") or "1")
  for i = k, users, n do
    local body = string.format('{"email":"bench-user-%d@bench.local","password":"%s"}', i, password)
    requests[#requests + 1] = wrk.format("POST", "/api/v1/auth/login", { ["Content-Type"] = "application/json" }, body)
  end
end

request = common.in_turn(requests)

function done(summary, latency, requests_)
  common.report(summary, latency)
end
