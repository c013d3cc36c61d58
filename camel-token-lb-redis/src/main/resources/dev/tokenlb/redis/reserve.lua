-- Pick and reserve in one step. ARGV[4] lease id, ARGV[5] tokens, ARGV[6] n candidates, then 7 per candidate:
-- backend, score, token slope, peer tokens assumed, request slope, peer requests assumed, cap (0: none).
-- Returns {k (0-based candidate reserved; -1 all full; -3 this replica was dropped: publish again), 0,
--          peer tokens 1..n interleaved with peer requests}.
local lease, tokens, n = ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local reps = live()
local out = {-1, 0}
if not registered() then
  out[1] = -3
  return out
end
local best, bestScore = -1, 0
for k = 0, n - 1 do
  local b = 7 + k * 7
  local name = ARGV[b]
  local pt, pr, own = 0, 0, 0
  for _, r in ipairs(reps) do
    local v = redis.call('HMGET', share(r), 't:' .. name, 'r:' .. name)
    local tk, rq = tonumber(v[1]) or 0, tonumber(v[2]) or 0
    if r == rid then own = tk else pt = pt + tk; pr = pr + rq end
  end
  out[3 + 2 * k] = pt
  out[4 + 2 * k] = pr
  local cap = tonumber(ARGV[b + 6])
  if cap <= 0 or pt + own < cap then
    local s = tonumber(ARGV[b + 1]) + tonumber(ARGV[b + 2]) * (pt - tonumber(ARGV[b + 3]))
              + tonumber(ARGV[b + 4]) * (pr - tonumber(ARGV[b + 5]))
    if best < 0 or s < bestScore then best = k; bestScore = s end
  end
end
out[1] = best
if best >= 0 then
  local name = ARGV[7 + best * 7]
  if redis.call('HSETNX', leases(rid), lease, tokens .. ' ' .. name) == 1 then
    add(name, tokens, 1)
  end
  alive()
end
return out
