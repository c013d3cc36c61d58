-- Renews this replica's leases, applies what they hold now (ARGV[4] m, then m pairs: lease id, tokens), and returns
-- every live replica's share: {0, count, replica, {field, value, ...}, ...}; {1} if this replica was dropped (its
-- TTL ran out): it must publish its leases again.
local reps = live()
if not registered() then return {1} end
alive()
for k = 0, tonumber(ARGV[4]) - 1 do
  local id, held = ARGV[5 + 2 * k], tonumber(ARGV[6 + 2 * k])
  local v = redis.call('HGET', leases(rid), id)
  if v then
    local old, name = parse(v)
    if old ~= held then
      redis.call('HSET', leases(rid), id, held .. ' ' .. name)
      add(name, held - old, 0)
    end
  end
end
local out = {0, #reps}
for _, r in ipairs(reps) do
  table.insert(out, r)
  table.insert(out, redis.call('HGETALL', share(r)))
end
return out
