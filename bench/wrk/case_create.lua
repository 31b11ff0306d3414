-- case_create.lua — POST /api/v1/cases: intake of the complaint in
-- $CWYN_BENCH_BODY (a JSON file), over and over. Each request is one
-- durable transaction: triage, the case and its parts, clocks, timeline
-- and an audit entry.
package.path = (os.getenv("CWYN_BENCH_LUA") or ".") .. "/?.lua;" .. package.path
local common = require("common")
local body, headers

function init(args)
  local f = assert(io.open(os.getenv("CWYN_BENCH_BODY"), "r"))
  body = f:read("*a")
  f:close()
  headers = common.headers({ ["Content-Type"] = "application/json" })
end

function request()
  return wrk.format("POST", "/api/v1/cases", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
