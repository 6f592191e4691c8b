-- Checkout of one hot product by many customers: each customer (BENCH_TOKENS, "access refresh" lines, one
-- line per customer) puts the product in the cart (PUT /api/v1/cart/items/{id}, quantity 1) and later
-- places the order (POST /api/v1/orders). Requests alternate between the two steps; the customer who
-- orders is half the customer list behind the one who fills a cart, so a customer's two steps are
-- hundreds of requests apart. They can still overlap when one connection stalls on the PUT while the
-- others go on (at the start, or behind the hot row's lock): that order finds the cart empty (400), and
-- is counted as "early", not as an error.
-- A 201 is an order placed; a 409 is "out of stock" (expected once the stock is sold out).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local customers = {}
local next_put, next_order, puts, order_turn = 1, 1, 0, false
local lag = 1

setup = common.setup

function init(args)
  local product = os.getenv("BENCH_PRODUCT")
  local n = tonumber(os.getenv("BENCH_THREADS") or "1")
  for _, line in ipairs(common.share(common.lines(os.getenv("BENCH_TOKENS")), thread_index or 1, n)) do
    local access = common.pair(line)
    local auth = "Bearer " .. access
    customers[#customers + 1] = {
      put = wrk.format("PUT", "/api/v1/cart/items/" .. product,
        { ["Content-Type"] = "application/json", ["Authorization"] = auth }, '{"quantity":1}'),
      order = wrk.format("POST", "/api/v1/orders", { ["Authorization"] = auth }, ""),
    }
  end
  lag = math.max(1, math.floor(#customers / 2))
  statuses = {}
end

function request()
  if puts >= lag and order_turn then
    order_turn = false
    local c = customers[next_order]
    next_order = next_order % #customers + 1
    return c.order
  end
  order_turn = true
  local c = customers[next_put]
  next_put = next_put % #customers + 1
  puts = puts + 1
  return c.put
end

local unexpected_written = false

function response(status, headers, body)
  -- A customer's order can overtake their own cart PUT when that PUT is held up (a connection stalled
  -- while the others went on): the API rightly answers "The cart is empty." That is this script's race,
  -- counted apart; anything else that is neither a success nor "out of stock" is kept for the report.
  local early = status == 400 and body ~= nil and string.find(body, "The cart is empty.", 1, true) ~= nil
  local key = early and "early" or status
  statuses[key] = (statuses[key] or 0) + 1
  if not early and status ~= 200 and status ~= 201 and status ~= 409 and not unexpected_written then
    unexpected_written = true
    local path = os.getenv("BENCH_UNEXPECTED")
    if path ~= nil and path ~= "" then
      local f = io.open(path, "a")
      if f ~= nil then
        f:write(status .. " " .. string.gsub(body or "", "%s+", " ") .. "\n")
        f:close()
      end
    end
  end
end

function done(summary, latency, requests_)
  local s = common.sum_threads("statuses")
  local seconds = summary.duration / 1e6
  local orders = s[201] or 0
  local parts = {}
  for code, count in pairs(s) do parts[#parts + 1] = code .. ":" .. count end
  table.sort(parts)
  common.report(summary, latency, {
    orders = orders,
    orders_per_s = string.format("%.2f", orders / seconds),
    out_of_stock = s[409] or 0,
    early = s["early"] or 0,
    statuses = table.concat(parts, ","),
  })
end
