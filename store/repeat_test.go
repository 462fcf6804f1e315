package store

import (
	"strings"
	"testing"

	"baoan/model"
)

// final is a case taken through 复查 and 复核 to 终结.
func (f *fx) final(c model.Case) model.Case {
	f.t.Helper()
	d := model.MustDate
	c, err := f.s.Reply(f.ctx, f.admin, c.ID, c.Version, model.ReplyReject, d("2026-05-01"), "")
	if err == nil {
		c, err = f.s.RequestStage(f.ctx, f.admin, c.ID, c.Version, model.StageReview, d("2026-05-10"), "区政府")
	}
	if err == nil {
		c, err = f.s.ReplyStage(f.ctx, f.admin, c.ID, c.Version, model.StageReview, model.ReplyReject, d("2026-05-20"), "维持")
	}
	if err == nil {
		c, err = f.s.RequestStage(f.ctx, f.admin, c.ID, c.Version, model.StageRecheck, d("2026-05-25"), "市信访局")
	}
	if err == nil {
		c, err = f.s.ReplyStage(f.ctx, f.admin, c.ID, c.Version, model.StageRecheck, model.ReplyReject, d("2026-06-05"), "终结")
	}
	if err != nil {
		f.t.Fatalf("to final: %v", err)
	}
	return c
}

func TestFindRepeats(t *testing.T) {
	f := newFx(t)
	pOpen, pFinal, pClosed := f.petitioner("张三"), f.petitioner("李四"), f.petitioner("王五")
	pClosed.IDNumber, pClosed.Phone = "", ""
	mk := func(p model.Petitioner) model.Case {
		c, err := f.s.CreateCase(f.ctx, f.admin, f.caseInput(), []model.Petitioner{p})
		if err != nil {
			t.Fatal(err)
		}
		c, err = f.s.Decide(f.ctx, f.admin, c.ID, c.Version, model.DecisionAccept, model.MustDate("2026-03-05"), "")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	open := mk(pOpen)
	final := f.final(mk(pFinal))
	closed, err := f.s.Reply(f.ctx, f.admin, mk(pClosed).ID, 2, model.ReplySupport, model.MustDate("2026-05-01"), "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		q        RepeatQuery
		wantCase int64
		wantBy   string
		art19    bool
		art36    bool
	}{
		{"ID number", RepeatQuery{IDNumber: pOpen.IDNumber, Phone: pFinal.Phone}, open.ID, ByIDNumber, true, false},
		{"ID number typed lower case", RepeatQuery{IDNumber: " " + strings.ToLower(pOpen.IDNumber)}, open.ID, ByIDNumber, true, false},
		{"phone when the ID number is unknown", RepeatQuery{IDNumber: model.MakeIDNumber("110105", model.MustDate("1990-01-01"), 7), Phone: pFinal.Phone}, final.ID, ByPhone, false, true},
		{"phone with +86", RepeatQuery{Phone: "+86 " + pFinal.Phone}, final.ID, ByPhone, false, true},
		{"name and address", RepeatQuery{Name: "王五", Address: pClosed.Address}, closed.ID, ByNameAddress, false, false},
		{"name alone", RepeatQuery{Name: "王五"}, 0, "", false, false},
		{"name at another address", RepeatQuery{Name: "王五", Address: "别处"}, 0, "", false, false},
		{"excluded", RepeatQuery{IDNumber: pOpen.IDNumber, ExcludeCaseID: open.ID}, 0, "", false, false},
		{"nothing", RepeatQuery{}, 0, "", false, false},
	}
	for _, tt := range tests {
		ms, err := f.s.FindRepeats(f.ctx, f.clerk, tt.q)
		if err != nil {
			t.Errorf("FindRepeats(%s): %v", tt.name, err)
			continue
		}
		if tt.wantCase == 0 {
			if len(ms) != 0 {
				t.Errorf("FindRepeats(%s) = %d matches, want none", tt.name, len(ms))
			}
			continue
		}
		if len(ms) != 1 || ms[0].Case.ID != tt.wantCase || ms[0].By != tt.wantBy || ms[0].Article19 != tt.art19 || ms[0].Article36 != tt.art36 {
			t.Errorf("FindRepeats(%s) = %+v, want case %d by %s art19=%v art36=%v", tt.name, ms, tt.wantCase, tt.wantBy, tt.art19, tt.art36)
		}
	}
	ms, _ := f.s.FindRepeats(f.ctx, f.clerk, RepeatQuery{IDNumber: pOpen.IDNumber})
	if w := ms[0].Warning(); !strings.Contains(w, "第十九条") || !strings.Contains(w, open.No) {
		t.Errorf("article 19 warning = %q", w)
	}
	ms, _ = f.s.FindRepeats(f.ctx, f.clerk, RepeatQuery{Phone: pFinal.Phone})
	if w := ms[0].Warning(); !strings.Contains(w, "第三十六条") {
		t.Errorf("article 36 warning = %q", w)
	}
	// A leader only sees matches among the cases they carry.
	if ms, _ := f.s.FindRepeats(f.ctx, f.lead, RepeatQuery{IDNumber: pOpen.IDNumber}); len(ms) != 0 {
		t.Errorf("leader found %d matches in cases they do not carry", len(ms))
	}
	f.carried(open)
	if ms, _ := f.s.FindRepeats(f.ctx, f.lead, RepeatQuery{IDNumber: pOpen.IDNumber}); len(ms) != 1 {
		t.Errorf("leader found %d matches in a carried case, want 1", len(ms))
	}
}

func TestRepeatLookupsUseIndexes(t *testing.T) {
	f := newFxOn(t, openSQLite(t)) // SQLite's query plans
	sub := `SELECT * FROM cases WHERE id IN (SELECT cp.case_id FROM petitioners p JOIN case_petitioners cp ON cp.petitioner_id = p.id WHERE %s) ORDER BY received_on DESC, id DESC LIMIT 50`
	for where, index := range map[string]string{
		"p.id_number = '1' AND p.id_number <> ''": "petitioners_id_number",
		"p.phone = '1' AND p.phone <> ''":         "petitioners_phone",
		"p.name = '1' AND p.address = '2'":        "petitioners_name",
	} {
		plan := queryPlan(t, f.s, strings.Replace(sub, "%s", where, 1))
		if !strings.Contains(plan, index) || strings.Contains(plan, "SCAN p") || strings.Contains(plan, "SCAN cases") {
			t.Errorf("plan for %s = %q, want a search using %s and no scan", where, plan, index)
		}
	}
}
