-- case_list.lua — GET /api/v1/cases?limit=50&after=N: pages of the case
-- list from random keyset positions within the first $CWYN_BENCH_CASES
-- cases (an audited read of the list).
package.path = (os.getenv("CWYN_BENCH_LUA") or ".") .. "/?.lua;" .. package.path
local common = require("common")
local n, headers

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  n = tonumber(os.getenv("CWYN_BENCH_CASES") or "1000")
  headers = common.headers()
end

function request()
  local after = math.random(0, n)
  return wrk.format("GET", "/api/v1/cases?limit=50&after=" .. after, headers)
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
