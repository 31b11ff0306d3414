-- case_read.lua — GET /api/v1/cases/{ref} for random references from
-- $CWYN_BENCH_REFS (one per line). Each read is an audited use case: it
-- writes its case.read entry to the hash-chained audit log.
package.path = (os.getenv("CWYN_BENCH_LUA") or ".") .. "/?.lua;" .. package.path
local common = require("common")
local refs, headers

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  refs = common.lines(os.getenv("CWYN_BENCH_REFS"))
  headers = common.headers()
end

function request()
  local ref = refs[math.random(#refs)]
  return wrk.format("GET", "/api/v1/cases/" .. ref, headers)
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
