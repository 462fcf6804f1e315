package store

import (
	"testing"

	"baoan/model"
)

// The cache must never answer with figures older than the database: a write through this
// handle, or through another one on the same file (another desk or the command line),
// shows in the next Stats call.
func TestStatsCacheFollowsEveryWrite(t *testing.T) {
	f := newFx(t)
	march := model.Period{From: model.MustDate("2026-03-01"), To: model.MustDate("2026-03-31")}
	f.newCase()
	st, err := f.s.Stats(f.ctx, march)
	if err != nil {
		t.Fatal(err)
	}
	if st.Received != 1 {
		t.Fatalf("Received = %d, want 1", st.Received)
	}
	st.ByStreet = nil // a caller editing its copy must not change the cache
	again, err := f.s.Stats(f.ctx, march)
	if err != nil || again.Received != 1 || len(again.ByStreet) != 1 {
		t.Fatalf("second Stats = %d received, %d streets (%v); want 1, 1", again.Received, len(again.ByStreet), err)
	}

	f.newCase()
	if st, _ := f.s.Stats(f.ctx, march); st.Received != 2 {
		t.Errorf("after a second case Received = %d, want 2", st.Received)
	}

	other := reopen(t, f.s)
	if _, err := other.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{f.petitioner("李四")}); err != nil {
		t.Fatal(err)
	}
	if st, _ := f.s.Stats(f.ctx, march); st.Received != 3 {
		t.Errorf("after a case saved through another handle Received = %d, want 3", st.Received)
	}
}
