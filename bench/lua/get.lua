-- GET the path wrk was given. With BENCH_TOKENS (a file of "access refresh" lines) every request carries
-- a bearer access token, taking the tokens in turn; without it the same requests go out anonymously.
-- Both ways build every request up front, so the client does the same work per request either way.
-- BENCH_TOKEN_HEADER names another header to carry the same "Bearer <token>" bytes (default Authorization).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local requests = {}

setup = common.setup

function init(args)
  local path = wrk.path
  local tokens = common.lines(os.getenv("BENCH_TOKENS"))
  -- BENCH_TOKEN_HEADER=X-Unread sends the same bytes in a header the API never reads: the request's size alone.
  local header = os.getenv("BENCH_TOKEN_HEADER") or "Authorization"
  if header == "" then header = "Authorization" end
  if #tokens == 0 then
    requests[1] = wrk.format("GET", path, { ["Accept"] = "application/json" })
  else
    for i, line in ipairs(tokens) do
      local access = common.pair(line)
      requests[i] = wrk.format("GET", path, {
        ["Accept"] = "application/json",
        [header] = "Bearer " .. access,
      })
    end
  end
end

request = common.in_turn(requests)

function done(summary, latency, requests_)
  common.report(summary, latency)
end
