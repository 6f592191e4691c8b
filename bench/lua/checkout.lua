-- Checkout of one hot product by many customers: each customer (BENCH_TOKENS, "access refresh" lines, one
-- line per customer) puts the product in the cart (PUT /api/v1/cart/items/{id}, quantity 1) and later
-- places the order (POST /api/v1/orders). Requests alternate between the two steps; the customer who
-- orders is half the customer list behind the one who fills a cart, so every customer's steps are
-- hundreds of requests apart and never overlap (a connection carries one request at a time).
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

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
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
    statuses = table.concat(parts, ","),
  })
end
