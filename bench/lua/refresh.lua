-- POST /api/v1/auth/refresh as a closed loop: each refresh token works once, so every request takes a
-- token from a pool and every 200 puts the new refresh token from its body back in the pool. The pool
-- starts with the refresh tokens of real logins (BENCH_TOKENS, "access refresh" lines) and is written
-- back to BENCH_REFRESH_OUT at the end, so a later run (or the measured run after a warm-up) goes on.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

-- Globals, so done() can read them back from each thread.
pool, head, tail = {}, 1, 0
local dead = wrk.format("POST", "/api/v1/auth/refresh", { ["Content-Type"] = "application/json" },
  '{"refresh_token":"pool-empty"}')

setup = common.setup

function init(args)
  local file = os.getenv("BENCH_REFRESH_IN") or os.getenv("BENCH_TOKENS")
  local n = tonumber(os.getenv("BENCH_THREADS") or "1")
  for _, line in ipairs(common.share(common.lines(file), thread_index or 1, n)) do
    local a, b = common.pair(line)
    tail = tail + 1
    pool[tail] = b or a
  end
  statuses = {}
end

function request()
  if head > tail then return dead end
  local token = pool[head]
  pool[head] = nil
  head = head + 1
  return wrk.format("POST", "/api/v1/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 then
    local token = body:match('"refresh_token":"([^"]+)"')
    if token then
      tail = tail + 1
      pool[tail] = token
    end
  end
end

function done(summary, latency, requests_)
  local out = os.getenv("BENCH_REFRESH_OUT")
  local kept = 0
  if out ~= nil and out ~= "" then
    local f = assert(io.open(out, "w"))
    for _, thread in ipairs(common.threads) do
      local tokens, first, last = thread:get("pool"), thread:get("head"), thread:get("tail")
      if type(tokens) == "table" then
        for i = first, last do
          if tokens[i] then f:write(tokens[i] .. "\n"); kept = kept + 1 end
        end
      end
    end
    f:close()
  end
  local s = common.sum_threads("statuses")
  common.report(summary, latency, { ok = s[200] or 0, pool_left = kept })
end
