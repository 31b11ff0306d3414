-- common.lua — shared by the wrk scripts of bench/http_bench.sh: the API
-- token header and a tally of non-2xx answers, printed at the end so a
-- run that was really measuring errors is visible.
local M = {}

function M.headers(extra)
  local h = { ["Authorization"] = "Bearer " .. (os.getenv("CWYN_BENCH_TOKEN") or "") }
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

function M.lines(path)
  local t = {}
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  for l in f:lines() do if #l > 0 then t[#t + 1] = l end end
  f:close()
  return t
end

return M
