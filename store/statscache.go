package store

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"baoan/model"
)

// statsCache keeps the statistics of the periods asked for since the database last
// changed. The key of "last changed" is the head of the audit chain: every write, from
// this process or any other sharing the database, appends an audit entry in its own
// transaction and so moves the head. Reading the head is one primary-key lookup, so a
// statistics screen that is opened, switched between months and printed recomputes
// nothing until somebody saves something. Writes that bypass the store (raw SQL) are
// not seen, and are what `audit verify` exists to catch.
type statsCache struct {
	mu   sync.Mutex
	head string
	m    map[model.Period]model.Stats
}

// statsCacheSize bounds the periods kept: a year of months and a few ranges.
const statsCacheSize = 32

func (c *statsCache) get(head string, p model.Period) (model.Stats, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.head != head {
		return model.Stats{}, false
	}
	st, ok := c.m[p]
	if !ok {
		return model.Stats{}, false
	}
	return cloneStats(st), true
}

func (c *statsCache) put(head string, p model.Period, st model.Stats) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.head != head || c.m == nil || len(c.m) >= statsCacheSize {
		c.head, c.m = head, map[model.Period]model.Stats{}
	}
	c.m[p] = cloneStats(st)
}

// cloneStats copies the breakdown slices, so that a caller sorting or editing its copy
// cannot change what the cache hands out next.
func cloneStats(st model.Stats) model.Stats {
	st.ByLeader = slices.Clone(st.ByLeader)
	st.ByStreet = slices.Clone(st.ByStreet)
	st.ByCategory = slices.Clone(st.ByCategory)
	st.ByChannel = slices.Clone(st.ByChannel)
	return st
}

// auditHead is the hash at the head of the audit chain: it changes with every write.
func (s *Store) auditHead(ctx context.Context) (string, error) {
	var head string
	if err := s.db.WithContext(ctx).Raw(`SELECT hash FROM audit_head WHERE id = 1`).Scan(&head).Error; err != nil {
		return "", fmt.Errorf("store: read audit head: %w", err)
	}
	return head, nil
}
