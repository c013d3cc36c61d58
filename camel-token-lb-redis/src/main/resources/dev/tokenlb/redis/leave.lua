-- This replica leaves: its leases go with it.
redis.call('DEL', share(rid), leases(rid))
redis.call('ZREM', REP, rid)
return 1
