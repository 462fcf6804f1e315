package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"baoan/model"
)

// The bulk writer reaches the SQLite handle of the driver pinned in go.mod; a driver
// that moved it fails here, by name, instead of somewhere in a demo load.
func TestBulkWriterRawHandle(t *testing.T) {
	s := openSQLite(t)
	err := s.bulkTx(context.Background(), func(tx *gorm.DB, w *bulkWriter) error {
		if w.raw == nil || w.raw.db == 0 || w.raw.tls == nil {
			t.Fatalf("bulk writer on SQLite has no raw handle: %+v", w.raw)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A case written by the bulk writer reads back exactly as it went in: texts empty and
// not, NULL and set pointers, dates zero and not, booleans both ways, and a time.
func TestBulkWriteRoundTrips(t *testing.T) {
	f := newFx(t)
	ids, err := f.s.NextIDs(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := f.petitioner("赵'六")
	p.ID, p.Address = ids.Petitioner, ""
	full := f.caseInput(func(c *model.Case) {
		c.ID, c.No, c.Year, c.Seq, c.Status = ids.Case, "信〔2026〕9001", 2026, 9001, model.StatusClosed
		c.CommunityID, c.HeadCount, c.AcceptDue = &f.community.ID, 6, c.ReceivedOn.AddDays(15)
		c.Decision, c.DecidedOn, c.ClosedOn = model.DecisionAccept, model.MustDate("2026-03-05"), model.MustDate("2026-04-01")
		c.Repeat, c.Supervised, c.Note = true, true, "含引号 ' 与 emoji 🙂"
		c.Summary = "第一行\n第二行"
	})
	bare := f.caseInput(func(c *model.Case) {
		c.ID, c.No, c.Year, c.Seq, c.Status = ids.Case+1, "信〔2026〕9002", 2026, 9002, model.StatusRegistered
		c.HeadCount, c.AcceptDue, c.Demands = 1, c.ReceivedOn.AddDays(15), ""
	})
	link := model.CasePetitioner{CaseID: full.ID, PetitionerID: p.ID, Seq: 1}
	b := &Batch{Petitioners: []model.Petitioner{p}, Cases: []model.Case{full, bare}, CasePetitioners: []model.CasePetitioner{link}}
	if err := f.s.WriteBatch(f.ctx, f.admin, "test.bulk", b); err != nil {
		t.Fatal(err)
	}
	for _, want := range b.Cases {
		var got model.Case
		if err := f.s.db.First(&got, want.ID).Error; err != nil {
			t.Fatal(err)
		}
		want.CreatedAt, want.UpdatedAt = got.CreatedAt, got.UpdatedAt // set by the database's defaults, if at all
		if !reflect.DeepEqual(got, want) {
			t.Errorf("case %d read back\n got %+v\nwant %+v", want.ID, got, want)
		}
		if got.RowHash == "" || got.RowHash != caseHash(got) {
			t.Errorf("case %d: row seal %q does not match its fields", want.ID, got.RowHash)
		}
	}
	var gotP model.Petitioner
	if err := f.s.db.First(&gotP, p.ID).Error; err != nil {
		t.Fatal(err)
	}
	p.CreatedAt, p.UpdatedAt = gotP.CreatedAt, gotP.UpdatedAt
	if !reflect.DeepEqual(gotP, p) {
		t.Errorf("petitioner read back\n got %+v\nwant %+v", gotP, p)
	}
	if f.s.dialect != SQLite {
		return
	}
	var kinds struct{ Community, Demands, Repeat, Closed string }
	if err := f.s.db.Raw(`SELECT typeof(community_id) AS community, typeof(demands) AS demands,
		typeof(repeat) AS repeat, typeof(closed_on) AS closed FROM cases WHERE id = ?`, bare.ID).Scan(&kinds).Error; err != nil {
		t.Fatal(err)
	}
	if kinds != (struct{ Community, Demands, Repeat, Closed string }{"null", "text", "integer", "null"}) {
		t.Errorf("column types of the bare case = %+v; want a NULL community, '' demands, 0/1 repeat, NULL closed date", kinds)
	}
}

// The bulk writer binds only what changed from the row before: rows that share some
// values and differ in others, a value that goes from set to NULL or ” and back, and a
// second batch through the same statements all read back exactly as they went in.
func TestBulkWriteRowsThatShareValues(t *testing.T) {
	f := newFx(t)
	ids, err := f.s.NextIDs(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	var cases []model.Case
	for i := range 7 {
		cases = append(cases, f.caseInput(func(c *model.Case) {
			c.ID, c.No, c.Year, c.Seq, c.Status = ids.Case+int64(i), fmt.Sprintf("信〔2026〕%d", 7001+i), 2026, 7001+i, model.StatusRegistered
			c.HeadCount, c.AcceptDue, c.CreatedAt, c.UpdatedAt = 1, c.ReceivedOn.AddDays(15), at, at.Add(time.Duration(i/2)*time.Hour)
			if i%3 == 1 { // a gap in the middle of equal rows
				c.CommunityID, c.Demands, c.Repeat, c.Note = &f.community.ID, "", true, "备注"
				c.Decision, c.DecidedOn, c.Status = model.DecisionAccept, model.MustDate("2026-03-05"), model.StatusHandling
			}
			if i >= 5 { // the second batch: other dates, and the first batch's again
				c.ReceivedOn = model.MustDate("2026-03-09").AddDays(i - 5)
				c.CreatedAt = at
			}
		}))
	}
	err = f.s.BulkLoad(f.ctx, f.admin, "test.bulk", len(cases), func(write func(*Batch) error) error {
		if err := write(&Batch{Cases: slices.Clone(cases[:5])}); err != nil {
			return err
		}
		return write(&Batch{Cases: slices.Clone(cases[5:])})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range cases {
		var got model.Case
		if err := f.s.db.First(&got, want.ID).Error; err != nil {
			t.Fatal(err)
		}
		want.RowHash = got.RowHash
		if !got.CreatedAt.Equal(want.CreatedAt) || !got.UpdatedAt.Equal(want.UpdatedAt) {
			t.Errorf("case %d: created %v, updated %v; want %v, %v", want.ID, got.CreatedAt, got.UpdatedAt, want.CreatedAt, want.UpdatedAt)
		}
		want.CreatedAt, want.UpdatedAt = got.CreatedAt, got.UpdatedAt
		if !reflect.DeepEqual(got, want) {
			t.Errorf("case %d read back\n got %+v\nwant %+v", want.ID, got, want)
		}
	}
}

// A bulk load stopped half-way (cancelled, or refused by a constraint) leaves nothing
// behind, and the store goes on working.
func TestBulkLoadStoppedLeavesNothing(t *testing.T) {
	f := newFx(t)
	before := f.counts()
	mk := func(id int64, no string) model.Case {
		return f.caseInput(func(c *model.Case) {
			c.ID, c.No, c.Year, c.Seq, c.Status = id, no, 2026, int(id), model.StatusRegistered
			c.HeadCount, c.AcceptDue = 1, c.ReceivedOn.AddDays(15)
		})
	}
	ids, err := f.s.NextIDs(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(f.ctx)
	err = f.s.BulkLoad(ctx, f.admin, "test.bulk", 2, func(write func(*Batch) error) error {
		if err := write(&Batch{Cases: []model.Case{mk(ids.Case, "信〔2026〕8001")}}); err != nil {
			return err
		}
		cancel()
		return write(&Batch{Cases: []model.Case{mk(ids.Case+1, "信〔2026〕8002")}})
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled bulk load = %v; want context.Canceled", err)
	}
	err = f.s.BulkLoad(f.ctx, f.admin, "test.bulk", 2, func(write func(*Batch) error) error {
		return write(&Batch{Cases: []model.Case{mk(ids.Case, "信〔2026〕8001"), mk(ids.Case+1, "信〔2026〕8001")}})
	})
	if err == nil {
		t.Error("bulk load of two cases with the same 信访编号 succeeded")
	}
	if after := f.counts(); !reflect.DeepEqual(after, before) {
		t.Errorf("row counts after the stopped loads = %v; want them unchanged, %v", after, before)
	}
	c := f.newCase()
	if c.ID == 0 {
		t.Error("CreateCase after the stopped loads made no case")
	}
	if bad, err := f.s.VerifyAudit(f.ctx); err != nil {
		t.Errorf("VerifyAudit after the stopped loads = %d, %v", bad, err)
	}
}
