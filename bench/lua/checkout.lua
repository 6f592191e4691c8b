-- Checkout of one hot product by many customers: each customer (BENCH_TOKENS, "access refresh" lines,
-- one line per customer) puts the product in the cart (PUT /api/v1/cart/items/{id}, quantity 1) and then
-- places the order (POST /api/v1/orders). Customers take turns, so with many more customers than
-- connections a customer's next step starts only after the previous one has been answered.
-- A 201 is an order placed; a 409 is "out of stock" (expected once the stock is sold out).
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local customers = {}
local next_customer = 1

setup = common.setup

function init(args)
  local product = os.getenv("BENCH_PRODUCT")
  local n = tonumber(os.getenv("BENCH_THREADS") or "1")
  for _, line in ipairs(common.share(common.lines(os.getenv("BENCH_TOKENS")), thread_index or 1, n)) do
    local access = common.pair(line)
    local auth = "Bearer " .. access
    customers[#customers + 1] = {
      stage = 0,
      put = wrk.format("PUT", "/api/v1/cart/items/" .. product,
        { ["Content-Type"] = "application/json", ["Authorization"] = auth }, '{"quantity":1}'),
      order = wrk.format("POST", "/api/v1/orders", { ["Authorization"] = auth }, ""),
    }
  end
  statuses = {}
end

function request()
  local c = customers[next_customer]
  next_customer = next_customer % #customers + 1
  if c.stage == 0 then
    c.stage = 1
    return c.put
  end
  c.stage = 0
  return c.order
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
