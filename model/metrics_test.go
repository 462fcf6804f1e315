package model

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRatePct(t *testing.T) {
	tests := []struct {
		num, den int
		want     float64
		ok       bool
		str      string
		json     string
	}{
		{1, 8, 12.5, true, "12.5%", `{"num":1,"den":8,"pct":12.5}`},
		{2, 3, 66.7, true, "66.7%", `{"num":2,"den":3,"pct":66.7}`},
		{1, 6, 16.7, true, "16.7%", `{"num":1,"den":6,"pct":16.7}`},
		{5, 16, 31.3, true, "31.3%", `{"num":5,"den":16,"pct":31.3}`},    // 31.25 rounds up
		{1, 3, 33.3, true, "33.3%", `{"num":1,"den":3,"pct":33.3}`},      // 33.33 rounds down
		{1, 2000, 0.1, true, "0.1%", `{"num":1,"den":2000,"pct":0.1}`},   // 0.05 rounds away from zero
		{1, 2001, 0.0, true, "0.0%", `{"num":1,"den":2001,"pct":0.0}`},   // 0.04998 rounds to zero
		{0, 5, 0, true, "0.0%", `{"num":0,"den":5,"pct":0.0}`},           // a real 0%
		{7, 7, 100, true, "100.0%", `{"num":7,"den":7,"pct":100.0}`},     // a real 100%
		{-1, 8, -12.5, true, "-12.5%", `{"num":-1,"den":8,"pct":-12.5}`}, // half away from zero, downwards
		{0, 0, 0, false, "—", `{"num":0,"den":0,"pct":null}`},            // no denominator: no percentage
		{3, 0, 0, false, "—", `{"num":3,"den":0,"pct":null}`},
	}
	for _, tt := range tests {
		r := Rate{Num: tt.num, Den: tt.den}
		got, ok := r.Pct()
		if got != tt.want || ok != tt.ok {
			t.Errorf("Rate{%d,%d}.Pct() = %v, %v; want %v, %v", tt.num, tt.den, got, ok, tt.want, tt.ok)
		}
		if s := r.String(); s != tt.str {
			t.Errorf("Rate{%d,%d}.String() = %q, want %q", tt.num, tt.den, s, tt.str)
		}
		b, err := json.Marshal(r)
		if err != nil || string(b) != tt.json {
			t.Errorf("json.Marshal(Rate{%d,%d}) = %s, %v; want %s", tt.num, tt.den, b, err, tt.json)
		}
		var back Rate
		if err := json.Unmarshal(b, &back); err != nil || back != r {
			t.Errorf("json.Unmarshal(%s) = %+v, %v; want %+v", b, back, err, r)
		}
	}
}

// The rounding is done in integers: check it against exact rational rounding for every
// fraction with a small denominator, where float formulas go wrong (e.g. 0.5 steps).
func TestRatePctMatchesExactRounding(t *testing.T) {
	for den := 1; den <= 400; den++ {
		for num := 0; num <= den; num++ {
			got, _ := Rate{Num: num, Den: den}.Pct()
			// want: floor(num*1000/den + 1/2), exactly, in tenths
			tenths := (num*2000 + den) / (2 * den)
			if want := float64(tenths) / 10; got != want {
				t.Fatalf("Rate{%d,%d}.Pct() = %v, want %v", num, den, got, want)
			}
		}
	}
}

func TestRatesGetAndLabels(t *testing.T) {
	r := Rates{
		TimelyAcceptance: Rate{1, 2}, OnTimeClosure: Rate{2, 3}, Closure: Rate{3, 4}, Rated: Rate{4, 5},
		Satisfaction: Rate{5, 6}, Revisit: Rate{6, 7}, Repeat: Rate{7, 8},
	}
	b, _ := json.Marshal(r)
	var keys []string
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.Token() // {
	for dec.More() {
		k, _ := dec.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		dec.Decode(&skip)
	}
	if strings.Join(keys, ",") != strings.Join(RateKeys, ",") {
		t.Errorf("rates JSON keys = %v, want RateKeys %v", keys, RateKeys)
	}
	for i, k := range RateKeys {
		got, ok := r.Get(k)
		if !ok || got.Num != i+1 {
			t.Errorf("Rates.Get(%q) = %+v, %v; want num %d", k, got, ok, i+1)
		}
		if RateLabel(k) == k || !strings.HasSuffix(RateLabel(k), "率") {
			t.Errorf("RateLabel(%q) = %q, want a Chinese name ending in 率", k, RateLabel(k))
		}
	}
	if _, ok := r.Get("nope"); ok {
		t.Errorf(`Rates.Get("nope") ok = true, want false`)
	}
}

func TestMetricsVisitCounts(t *testing.T) {
	var v VisitCounts
	v.Add(VisitReception, 2)
	v.Add(VisitFollowUp, 1)
	v.Add(VisitKind("phone_call"), 5) // not one of the four: ignored
	if v.Get(VisitReception) != 2 || v.Get(VisitFollowUp) != 1 || v.Get(VisitHome) != 0 || v.Total() != 3 {
		t.Errorf("VisitCounts after adds = %+v, want reception 2, followup 1, total 3", v)
	}
	b, _ := json.Marshal(v)
	if want := `{"开门接访":2,"进门约访":0,"登门走访":0,"上门回访":1}`; string(b) != want {
		t.Errorf("json.Marshal(VisitCounts) = %s, want %s", b, want)
	}
}

func TestMetricsOverdueAt(t *testing.T) {
	to := MustDate("2026-05-31")
	d := MustDate
	tests := []struct {
		name string
		c    CaseFact
		want bool
	}{
		{"handled, open, due before To", CaseFact{Decision: DecisionAccept, DecidedOn: d("2026-03-01"), DueOn: d("2026-05-30")}, true},
		{"handled, open, due on To", CaseFact{Decision: DecisionAccept, DecidedOn: d("2026-04-01"), DueOn: to}, false},
		{"交办, open, past due", CaseFact{Decision: DecisionAssign, DecidedOn: d("2026-03-01"), DueOn: d("2026-05-01")}, true},
		{"handled, closed after To, past due at To", CaseFact{Decision: DecisionAccept, DecidedOn: d("2026-03-01"), DueOn: d("2026-05-01"), ClosedOn: d("2026-06-01")}, true},
		{"handled, closed on To", CaseFact{Decision: DecisionAccept, DecidedOn: d("2026-03-01"), DueOn: d("2026-05-01"), ClosedOn: to}, false},
		{"handled without a due date", CaseFact{Decision: DecisionAccept, DecidedOn: d("2026-03-01")}, false},
		{"转送 is not ours to close", CaseFact{Decision: DecisionTransfer, DecidedOn: d("2026-03-01"), DueOn: d("2026-05-01")}, false},
		{"undecided, acceptance due before To", CaseFact{ReceivedOn: d("2026-05-01"), AcceptDue: d("2026-05-16")}, true},
		{"undecided, acceptance due on To", CaseFact{ReceivedOn: d("2026-05-16"), AcceptDue: to}, false},
		{"decided after To: undecided at To", CaseFact{ReceivedOn: d("2026-05-01"), AcceptDue: d("2026-05-16"), Decision: DecisionNotAccept, DecidedOn: d("2026-06-02")}, true},
		{"decided by To, not handled", CaseFact{ReceivedOn: d("2026-05-01"), AcceptDue: d("2026-05-16"), Decision: DecisionNotAccept, DecidedOn: d("2026-05-20")}, false},
		{"received after To", CaseFact{ReceivedOn: d("2026-06-01"), AcceptDue: d("2026-05-16")}, false},
	}
	for _, tt := range tests {
		if got := tt.c.OverdueAt(to); got != tt.want {
			t.Errorf("OverdueAt(%s) for %s = %v, want %v", to, tt.name, got, tt.want)
		}
	}
}

func TestStatsJSONEmptyListsAndRates(t *testing.T) {
	st := ComputeStats(MonthPeriod(2020, 1), Facts{})
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"from":"2020-01-01","to":"2020-01-31","received":0,"accepted":0,"not_accepted":0,"transferred":0,` +
		`"closed":0,"overdue_open":0,"backlog_resolved":0,"rates":{` +
		`"timely_acceptance":{"num":0,"den":0,"pct":null},"on_time_closure":{"num":0,"den":0,"pct":null},` +
		`"closure":{"num":0,"den":0,"pct":null},"rated":{"num":0,"den":0,"pct":null},` +
		`"satisfaction":{"num":0,"den":0,"pct":null},"revisit":{"num":0,"den":0,"pct":null},` +
		`"repeat":{"num":0,"den":0,"pct":null}},"by_leader":[],"by_street":[],"by_category":[],"by_channel":[]}`
	if string(b) != want {
		t.Errorf("json.Marshal(empty Stats) =\n%s\nwant\n%s", b, want)
	}
}

// A few figures of ComputeStats on the edges of the period; the full worked example
// is in store/stats_test.go, where the SQL must agree with it.
func TestComputeStatsEdges(t *testing.T) {
	p := MonthPeriod(2026, 5)
	d := MustDate
	f := Facts{
		Cases: []CaseFact{
			// received on the last day of the previous month, decided on the first day
			{ID: 1, Channel: ChannelLetter, StreetID: 1, CategoryID: 1, ReceivedOn: d("2026-04-30"), AcceptDue: d("2026-05-15"),
				Decision: DecisionAccept, DecidedOn: d("2026-05-01"), DueOn: d("2026-06-30")},
			// closed on the last day exactly on its due date, rated 基本满意, 回访 on To
			{ID: 2, Channel: ChannelLetter, StreetID: 1, CategoryID: 1, ReceivedOn: d("2026-03-01"), AcceptDue: d("2026-03-16"),
				Decision: DecisionAccept, DecidedOn: d("2026-04-01"), DueOn: d("2026-05-31"), ClosedOn: d("2026-05-31"),
				Rating: RatingBasically, FirstFollowUpOn: d("2026-05-31")},
			// closed the day after To: not closed in P, due in P, so a miss for on-time
			{ID: 3, Channel: ChannelVisit, StreetID: 2, CategoryID: 1, ReceivedOn: d("2026-03-01"), AcceptDue: d("2026-03-16"),
				Decision: DecisionAccept, DecidedOn: d("2026-04-01"), DueOn: d("2026-05-20"), ClosedOn: d("2026-06-01")},
		},
		Assignments: []AssignmentFact{
			{CaseID: 2, LeaderID: 7, AssignedOn: d("2026-04-02"), StruckOffOn: d("2026-05-01")}, // struck on From: carried
			{CaseID: 3, LeaderID: 8, AssignedOn: d("2026-04-02"), StruckOffOn: d("2026-04-30")}, // struck before From
		},
		Leaders: map[int64]string{7: "甲", 8: "乙"},
	}
	st := ComputeStats(p, f)
	if st.Received != 0 || st.Accepted != 1 || st.Closed != 1 || st.OverdueOpen != 1 {
		t.Errorf("counts = received %d accepted %d closed %d overdue %d; want 0 1 1 1", st.Received, st.Accepted, st.Closed, st.OverdueOpen)
	}
	if r := st.Rates.OnTimeClosure; r != (Rate{1, 2}) {
		t.Errorf("on_time_closure = %+v, want {1 2}", r)
	}
	if r := st.Rates.Closure; r != (Rate{0, 1}) {
		t.Errorf("closure = %+v, want {0 1}", r)
	}
	if r := st.Rates.Revisit; r != (Rate{1, 1}) {
		t.Errorf("revisit = %+v, want {1 1}", r)
	}
	if r := st.Rates.Repeat; r != (Rate{0, 0}) || r.String() != "—" {
		t.Errorf("repeat = %+v (%s), want {0 0} shown as —", r, r)
	}
	if len(st.ByLeader) != 1 || st.ByLeader[0].Leader != "甲" || st.ByLeader[0].StruckOff != 1 || st.ByLeader[0].Closed != 1 {
		t.Errorf("by_leader = %+v, want only 甲 with struck_off 1 and closed 1", st.ByLeader)
	}
	var labels []string
	for _, r := range st.ByChannel {
		labels = append(labels, r.Label)
	}
	if got := strings.Join(labels, ","); got != "来信,来访" {
		t.Errorf("by_channel labels = %s, want 来信,来访 (来访 is listed for its overdue case alone)", got)
	}
}
