-- Shared head of every script (prepended by Scripts.java). Keys, for prefix P and replica R:
--   P:replicas     sorted set: replica id -> the time (ms, Redis clock) its leases expire unless renewed
--   P:share:R      hash: "t:<backend>" -> tokens, "r:<backend>" -> requests R holds there (sum of its leases)
--   P:leases:R     hash: lease id -> "<tokens> <backend>"
-- ARGV[1] = P, ARGV[2] = R, ARGV[3] = TTL ms; the script's own arguments follow.
local P, rid, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local REP = P .. ':replicas'
local function share(r) return P .. ':share:' .. r end
local function leases(r) return P .. ':leases:' .. r end
-- Live replicas; the leases of those whose TTL ran out (killed without a word) leave here.
local function live()
  local dead = redis.call('ZRANGEBYSCORE', REP, '-inf', now)
  for _, r in ipairs(dead) do
    redis.call('DEL', share(r), leases(r))
    redis.call('ZREM', REP, r)
  end
  return redis.call('ZRANGE', REP, 0, -1)
end
local function registered()
  return redis.call('ZSCORE', REP, rid) ~= false
end
-- Renews this replica's leases for one more TTL (keys outlive it a little; live() deletes them first).
local function alive()
  redis.call('ZADD', REP, now + ttl, rid)
  redis.call('PEXPIRE', REP, ttl * 3)
  redis.call('PEXPIRE', share(rid), ttl * 3)
  redis.call('PEXPIRE', leases(rid), ttl * 3)
end
local function parse(v)
  local sp = string.find(v, ' ', 1, true)
  return tonumber(string.sub(v, 1, sp - 1)), string.sub(v, sp + 1)
end
-- Moves this replica's share on a backend; never below 0. A zero move sends nothing: Lua's -0 would reach Redis as
-- "-0", which HINCRBY refuses.
local function add(name, tokens, requests)
  if tokens ~= 0 then
    local t = redis.call('HINCRBY', share(rid), 't:' .. name, tokens)
    if t < 0 then redis.call('HSET', share(rid), 't:' .. name, 0) end
  end
  if requests ~= 0 then
    local r = redis.call('HINCRBY', share(rid), 'r:' .. name, requests)
    if r < 0 then redis.call('HSET', share(rid), 'r:' .. name, 0) end
  end
end
