-- Shared by every scenario script (loaded with dofile from BENCH_LUA_DIR).
-- bench_report() appends one machine-readable line to $BENCH_RESULT, which run.sh turns into the table.

local common = {}

-- Lines of a file (tokens, one "access refresh" pair per line); an empty table when it is missing.
function common.lines(path)
  local out = {}
  if path == nil or path == "" then return out end
  local f = io.open(path, "r")
  if f == nil then return out end
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  return out
end

-- Splits "a b" into a, b (b is nil on a line with one field).
function common.pair(line)
  local a, b = line:match("^(%S+)%s*(%S*)")
  if b == "" then b = nil end
  return a, b
end

-- This thread's share of a list: thread k of n takes items k, k+n, k+2n, ...
function common.share(items, k, n)
  local out = {}
  for i = k, #items, n do out[#out + 1] = items[i] end
  return out
end

-- A request() for wrk that sends the prepared requests in turn, over and over; `requests` is the table init() fills.
function common.in_turn(requests)
  local next_index = 1
  return function()
    local r = requests[next_index]
    next_index = next_index % #requests + 1
    return r
  end
end

-- Every thread object wrk creates, so done() can read values back from each thread.
common.threads = {}
local thread_count = 0
function common.setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_index", thread_count)
  common.threads[#common.threads + 1] = thread
end

-- Sums a numeric table kept in every thread under `name`: { [key] = count }.
function common.sum_threads(name)
  local total = {}
  for _, thread in ipairs(common.threads) do
    local t = thread:get(name)
    if type(t) == "table" then
      for k, v in pairs(t) do total[k] = (total[k] or 0) + v end
    end
  end
  return total
end

-- One line: requests, duration, req/s, p50, p99 (ms), errors, and extra "key=value" pairs.
function common.report(summary, latency, extra)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local line = string.format(
    "requests=%d seconds=%.3f rps=%.2f p50_ms=%.3f p99_ms=%.3f status_errors=%d socket_errors=%d",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout)
  for k, v in pairs(extra or {}) do line = line .. " " .. k .. "=" .. tostring(v) end
  local path = os.getenv("BENCH_RESULT")
  if path ~= nil and path ~= "" then
    local f = assert(io.open(path, "a"))
    f:write(line .. "\n")
    f:close()
  end
  io.write(line .. "\n")
end

return common
