// Package demo fills a database with realistic petition-office data: streets and
// communities, departments, categories, leaders with their areas, petitioners with valid
// ID numbers, and cases spread over the last 24 months in every state of the lifecycle,
// with 包案 assignments, visits of all four kinds, extensions, 复查/复核 stages and ratings.
// Every case is driven through the model's own lifecycle rules, so demo data obeys the
// same statute as data a clerk enters.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"baoan/model"
	"baoan/store"
)

// Options say how much to generate and as of which day.
type Options struct {
	Cases int
	Today model.Date
	Seed  uint64
	// Progress, when set, is called after each chunk with the cases written so far.
	Progress func(done, total int)
}

// chunk is how many cases are generated and handed to the store at a time, so that a
// million cases never sit in memory at once.
const chunk = 25000

// Load generates opts.Cases cases (and the dictionaries they need, when the database has
// none yet) and writes them all in one transaction.
func Load(ctx context.Context, s *store.Store, a model.Actor, opts Options) error {
	if opts.Cases < 0 {
		return fmt.Errorf("案件数量不能为负数：请用 --cases 指定一个正整数")
	}
	if opts.Today.IsZero() {
		opts.Today = model.Today()
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	ids, err := s.NextIDs(ctx)
	if err != nil {
		return err
	}
	g := &generator{rng: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)), cal: cal, today: opts.Today, ids: ids}
	g.prefix, err = s.Setting(ctx, "case_prefix")
	if err != nil {
		return err
	}
	first := &store.Batch{}
	if err := g.reference(ctx, s, first); err != nil {
		return err
	}
	if g.seqs, err = s.YearSequences(ctx); err != nil {
		return err
	}
	// One transaction for the whole load: a demo that fails half-way leaves nothing.
	// Received dates are spread evenly over the last 24 months; generating them in order
	// keeps each year's sequence numbers in date order.
	start := opts.Today.AddDays(-730)
	return s.BulkLoad(ctx, a, "demo.load", opts.Cases, func(write func(*store.Batch) error) error {
		b := first
		for done := 0; ; b = (&store.Batch{}) {
			n := min(chunk, opts.Cases-done)
			for i := 0; i < n; i++ {
				day := start.AddDays((done + i) * 731 / opts.Cases)
				if err := g.caseOn(b, day); err != nil {
					return fmt.Errorf("demo: case %d: %w", done+i+1, err)
				}
			}
			if err := write(b); err != nil {
				return err
			}
			done += n
			if opts.Progress != nil {
				opts.Progress(done, opts.Cases)
			}
			if done >= opts.Cases {
				return nil
			}
		}
	})
}

type generator struct {
	rng    *rand.Rand
	cal    *model.Calendar
	today  model.Date
	ids    store.IDs
	prefix string
	seqs   map[int]int

	streets     []model.Unit
	communities map[int64][]model.Unit
	departments []model.Unit
	categories  []model.Category
	leaders     []model.Leader
	areaLeaders map[int64][]int64 // street → leaders carrying it
	// recent keeps some earlier petitioners for repeat petitions.
	recent []model.Petitioner
}

// reference loads the dictionaries the cases refer to, creating the demo district's
// streets, departments, categories and leaders when the database has none.
func (g *generator) reference(ctx context.Context, s *store.Store, b *store.Batch) error {
	units, err := s.Units(ctx, "", 0)
	if err != nil {
		return err
	}
	if g.categories, err = s.Categories(ctx); err != nil {
		return err
	}
	if g.leaders, err = s.Leaders(ctx, true); err != nil {
		return err
	}
	g.communities = map[int64][]model.Unit{}
	g.areaLeaders = map[int64][]int64{}
	for _, u := range units {
		switch u.Kind {
		case model.UnitStreet:
			g.streets = append(g.streets, u)
		case model.UnitCommunity:
			if u.ParentID != nil {
				g.communities[*u.ParentID] = append(g.communities[*u.ParentID], u)
			}
		case model.UnitDepartment:
			g.departments = append(g.departments, u)
		}
	}
	if len(g.streets) == 0 {
		district := model.Unit{ID: g.next(&g.ids.Unit), Name: "和平区", Kind: model.UnitDistrict, Active: true}
		b.Units = append(b.Units, district)
		for i, name := range streetNames {
			st := model.Unit{ID: g.next(&g.ids.Unit), Name: name, Kind: model.UnitStreet, ParentID: &district.ID, Sort: i, Active: true}
			b.Units = append(b.Units, st)
			g.streets = append(g.streets, st)
			for j := 0; j < 3+i%4; j++ {
				name := communityStems[(i*5+j)%len(communityStems)] + communitySuffixes[(i+j)%len(communitySuffixes)]
				c := model.Unit{ID: g.next(&g.ids.Unit), Name: name, Kind: model.UnitCommunity, ParentID: &st.ID, Sort: j, Active: true}
				b.Units = append(b.Units, c)
				g.communities[st.ID] = append(g.communities[st.ID], c)
			}
		}
		for i, name := range departmentNames {
			dep := model.Unit{ID: g.next(&g.ids.Unit), Name: name, Kind: model.UnitDepartment, ParentID: &district.ID, Sort: i, Active: true}
			b.Units = append(b.Units, dep)
			g.departments = append(g.departments, dep)
		}
	}
	if len(g.categories) == 0 {
		for i, name := range categoryNames {
			c := model.Category{ID: g.next(&g.ids.Category), Name: name, Sort: i, Active: true}
			b.Categories = append(b.Categories, c)
			g.categories = append(g.categories, c)
		}
	}
	if len(g.leaders) == 0 {
		for i, ls := range leaderSeeds {
			l := model.Leader{ID: g.next(&g.ids.Leader), Name: ls.name, Title: ls.title, Level: model.LeaderLevel(ls.level),
				Phone: g.mobile(), Active: true}
			b.Leaders = append(b.Leaders, l)
			g.leaders = append(g.leaders, l)
			// Every leader carries one or two streets as an area (包片).
			for k := 0; k < 1+i%2; k++ {
				st := g.streets[(i+k*5)%len(g.streets)]
				b.LeaderAreas = append(b.LeaderAreas, model.LeaderArea{LeaderID: l.ID, StreetID: st.ID})
				g.areaLeaders[st.ID] = append(g.areaLeaders[st.ID], l.ID)
			}
		}
		for i, l := range g.leaders[:8] {
			for w := 1; w <= 8; w++ { // the next two months of reception days
				day := g.today.AddDays(w*7 - int(g.today.Weekday()) + 1 + i%5)
				b.ReceptionDays = append(b.ReceptionDays, model.ReceptionDay{LeaderID: l.ID, Day: day, Place: places[0]})
			}
		}
	} else {
		// Existing leaders carry the areas the office gave them.
		for _, l := range g.leaders {
			streets, err := s.LeaderAreas(ctx, l.ID)
			if err != nil {
				return err
			}
			for _, st := range streets {
				g.areaLeaders[st] = append(g.areaLeaders[st], l.ID)
			}
		}
	}
	if len(g.streets) == 0 || len(g.categories) == 0 || len(g.leaders) == 0 {
		return fmt.Errorf("演示数据需要街道、问题类别和包案领导：请先在设置中添加，或在空数据库上运行 demo")
	}
	return nil
}

func (g *generator) next(p *int64) int64 { id := *p; *p++; return id }

func (g *generator) chance(pct float64) bool { return g.rng.Float64()*100 < pct }

func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

// caseOn generates one case received on day, with everything that has happened to it by
// g.today, and appends its rows to b.
func (g *generator) caseOn(b *store.Batch, day model.Date) error {
	st := g.streets[g.rng.IntN(len(g.streets))]
	var community *int64
	if cs := g.communities[st.ID]; len(cs) > 0 {
		community = &cs[g.rng.IntN(len(cs))].ID
	}
	ci := g.rng.IntN(len(g.categories))
	tmpl := summaries[ci%len(summaries)]
	place := st.Name
	if community != nil {
		for _, c := range g.communities[st.ID] {
			if c.ID == *community {
				place = c.Name
			}
		}
	}
	c := model.Case{
		ID:          g.next(&g.ids.Case),
		Channel:     g.channel(),
		ReceivedOn:  day,
		HeadCount:   1,
		CategoryID:  g.categories[ci].ID,
		Summary:     fmt.Sprintf(tmpl[0], place),
		Demands:     tmpl[1],
		StreetID:    st.ID,
		CommunityID: community,
		SkipLevel:   g.chance(3),
		Supervised:  g.chance(2),
	}
	if g.chance(5) {
		c.Target = []model.Target{model.TargetInstant, model.TargetDaily, model.TargetFive}[g.rng.IntN(3)]
	}
	c.Year = day.Year()
	g.seqs[c.Year]++
	c.Seq = g.seqs[c.Year]
	c.No = model.CaseNumber(g.prefix, c.Year, c.Seq)

	ps := g.petitioners(&c, b, st)
	if err := c.Register(g.cal); err != nil {
		return err
	}
	g.progress(&c, b)
	c.PetitionerNames = model.PetitionerNames(ps)
	c.SearchText = model.SearchText(c, ps)
	c.Version = 1
	now := day.Time().Add(9 * time.Hour)
	c.CreatedAt, c.UpdatedAt = now, now
	b.Cases = append(b.Cases, c)
	return nil
}

func (g *generator) channel() model.Channel {
	// Shares seen in district offices: letters and visits still lead, online keeps growing.
	weights := []int{22, 26, 20, 8, 14, 4, 4, 2}
	n := g.rng.IntN(100)
	for i, w := range weights {
		if n < w {
			return model.Channels[i]
		}
		n -= w
	}
	return model.ChannelOther
}

// petitioners picks the case's petitioners: mostly a new person, sometimes someone who
// petitioned before (a repeat petition), sometimes a group (集体访) with representatives.
func (g *generator) petitioners(c *model.Case, b *store.Batch, st model.Unit) []model.Petitioner {
	var ps []model.Petitioner
	if len(g.recent) > 50 && g.chance(8) {
		p := g.recent[g.rng.IntN(len(g.recent))]
		ps = append(ps, p)
		c.Repeat = true
	} else {
		reps := 1
		if g.chance(4) {
			c.HeadCount = g.between(5, 60)
			reps = g.between(2, 5)
		}
		for i := 0; i < reps; i++ {
			p := g.person(st)
			b.Petitioners = append(b.Petitioners, p)
			ps = append(ps, p)
		}
		if len(g.recent) < 5000 {
			g.recent = append(g.recent, ps[0])
		} else {
			g.recent[g.rng.IntN(len(g.recent))] = ps[0]
		}
	}
	for i, p := range ps {
		b.CasePetitioners = append(b.CasePetitioners, model.CasePetitioner{CaseID: c.ID, PetitionerID: p.ID, Seq: i})
	}
	return ps
}

func (g *generator) person(st model.Unit) model.Petitioner {
	name := string(surnames[g.rng.IntN(len(surnames))]) + string(givenChars[g.rng.IntN(len(givenChars))])
	if g.chance(70) {
		name += string(givenChars[g.rng.IntN(len(givenChars))])
	}
	birth := model.NewDate(1940, 1, 1).AddDays(g.rng.IntN(23000))
	p := model.Petitioner{
		ID:       g.next(&g.ids.Petitioner),
		IDKind:   model.IDResident,
		IDNumber: model.MakeIDNumber(regionCodes[g.rng.IntN(len(regionCodes))], birth, g.rng.IntN(1000)),
		Name:     name,
		Phone:    g.mobile(),
		Address:  fmt.Sprintf("%s%d号%d门%d", roads[g.rng.IntN(len(roads))], g.between(1, 300), g.between(1, 6), g.between(101, 2802)),
		StreetID: &st.ID,
	}
	now := g.today.Time()
	p.CreatedAt, p.UpdatedAt = now, now
	return p
}

func (g *generator) mobile() string {
	prefixes := []string{"130", "131", "132", "135", "136", "138", "139", "150", "151", "158", "159", "177", "186", "187", "188", "199"}
	return fmt.Sprintf("%s%08d", prefixes[g.rng.IntN(len(prefixes))], g.rng.IntN(100000000))
}

// progress drives a registered case through as much of its life as has happened by
// g.today: decision, 包案 and visits, extension, reply, rating, 复查/复核, 息诉罢访, 销号.
func (g *generator) progress(c *model.Case, b *store.Batch) {
	decideOn := c.ReceivedOn.AddDays(g.between(1, 12))
	if g.chance(6) { // some decisions come late
		decideOn = c.ReceivedOn.AddDays(g.between(16, 25))
	}
	if decideOn.After(g.today) {
		return
	}
	var dec model.Decision
	switch n := g.rng.IntN(100); {
	case n < 72:
		dec = model.DecisionAccept
	case n < 82:
		dec = model.DecisionAssign
	case n < 93:
		dec = model.DecisionTransfer
	default:
		dec = model.DecisionNotAccept
	}
	reason := ""
	if dec == model.DecisionNotAccept {
		reason = "已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决"
	}
	if dec == model.DecisionTransfer {
		reason = "转" + g.departments[g.rng.IntN(len(g.departments))].Name + "处理"
	}
	if err := c.Decide(g.cal, dec, decideOn, reason); err != nil {
		panic(fmt.Sprintf("demo: decide: %v", err)) // the generator's own logic is wrong
	}
	if c.Status != model.StatusHandling {
		return
	}
	unit := g.departments[g.rng.IntN(len(g.departments))].ID
	c.UnitID = &unit
	c.Backlog = c.ReceivedOn.DaysUntil(g.today) > 180 && g.chance(3)

	var asg *model.Assignment
	if g.chance(30) || c.Backlog || c.Supervised {
		asg = g.assign(c, b, decideOn)
	}
	// Handling takes 5–58 days; one case in eight runs late, some get an extension.
	closeOn := decideOn.AddDays(g.between(5, 58))
	if g.chance(12) {
		closeOn = decideOn.AddDays(g.between(55, 95))
	}
	if g.chance(6) && !decideOn.AddDays(50).After(g.today) {
		e := model.Extension{ID: 0, CaseID: c.ID, Approver: "区信访联席会议办公室", ApprovedOn: decideOn.AddDays(50),
			Reason: "案情复杂，需进一步调查核实", NewDue: c.ReplyDue.AddDays(g.between(10, 30)), ToldOn: decideOn.AddDays(51)}
		if err := c.Extend(e); err == nil {
			b.Extensions = append(b.Extensions, e)
			if closeOn.After(c.DueOn) && g.chance(70) {
				closeOn = c.DueOn.AddDays(-g.between(0, 8))
			}
		}
	}
	g.visits(c, b, asg, decideOn, closeOn)
	if closeOn.After(g.today) {
		return
	}
	kinds := []model.ReplyKind{model.ReplySupport, model.ReplyExplain, model.ReplyReject}
	if err := c.Reply(kinds[g.rng.IntN(3)], closeOn, "经调查核实，已依法依规作出处理并书面答复信访人。"); err != nil {
		panic(fmt.Sprintf("demo: reply: %v", err))
	}
	if rateOn := closeOn.AddDays(g.between(0, 10)); g.chance(82) && !rateOn.After(g.today) {
		r := model.RatingSatisfied
		switch n := g.rng.IntN(100); {
		case n < 25:
			r = model.RatingBasically
		case n < 37:
			r = model.RatingDissatisfied
		}
		_ = c.Rate(r, rateOn)
	}
	if stop := closeOn.AddDays(g.between(10, 60)); (c.Rating.Satisfied() || c.Backlog) && g.chance(60) && !stop.After(g.today) {
		_ = c.StopPetitioning(stop)
	}
	if c.Rating == model.RatingDissatisfied && g.chance(30) {
		g.stages(c, b)
	}
	if asg != nil {
		g.finishAssignment(c, b, asg)
	}
}

func (g *generator) assign(c *model.Case, b *store.Batch, on model.Date) *model.Assignment {
	cands := g.areaLeaders[c.StreetID]
	leader := g.leaders[g.rng.IntN(len(g.leaders))].ID
	if len(cands) > 0 && g.chance(70) {
		leader = cands[g.rng.IntN(len(cands))]
	}
	a := model.Assignment{ID: g.next(&g.ids.Assignment), CaseID: c.ID, LeaderID: leader, AssignedOn: on,
		Plan: "成立工作专班，查明事实，依法依规限期化解；包案领导每月至少见面一次。", Version: 1}
	a.CreatedAt, a.UpdatedAt = on.Time(), on.Time()
	b.Assignments = append(b.Assignments, a)
	return &b.Assignments[len(b.Assignments)-1]
}

// visits records the leader's visits while the case is handled: an appointment or a home
// visit (and walk-ins on reception days), then a follow-up visit after the reply.
func (g *generator) visits(c *model.Case, b *store.Batch, asg *model.Assignment, from, closeOn model.Date) {
	var leader *int64
	if asg != nil {
		leader = &asg.LeaderID
	} else if g.chance(75) {
		return // most cases without 包案 see no leader visit
	}
	if leader == nil {
		l := g.leaders[g.rng.IntN(len(g.leaders))].ID
		leader = &l
	}
	n := g.between(1, 3)
	for i := 0; i < n; i++ {
		kind := []model.VisitKind{model.VisitReception, model.VisitAppointment, model.VisitHome}[g.rng.IntN(3)]
		on := from.AddDays(g.between(0, max(1, from.DaysUntil(closeOn))))
		planned := on.After(g.today)
		if planned && on.After(g.today.AddDays(30)) {
			continue
		}
		g.addVisit(c, b, kind, on, leader, planned)
	}
	if fu := closeOn.AddDays(g.between(3, 25)); g.chance(72) && !fu.After(g.today.AddDays(14)) {
		g.addVisit(c, b, model.VisitFollowUp, fu, leader, fu.After(g.today))
	}
}

func (g *generator) addVisit(c *model.Case, b *store.Batch, kind model.VisitKind, on model.Date, leader *int64, planned bool) {
	v := model.Visit{ID: g.next(&g.ids.Visit), CaseID: c.ID, Kind: kind, VisitedOn: on, LeaderID: leader,
		Place: places[g.rng.IntN(len(places))], PeopleMet: c.PetitionerNames, Planned: planned,
		Notes: "听取信访人诉求，宣讲相关政策法规。", Outcome: "信访人表示理解。", NextStep: "继续跟踪办理进展。"}
	if planned {
		v.Notes, v.Outcome, v.NextStep = "", "", ""
	}
	if kind == model.VisitFollowUp && !planned {
		v.Rating = c.Rating
		if c.FirstFollowUpOn.IsZero() || on.Before(c.FirstFollowUpOn) {
			c.FirstFollowUpOn = on
		}
	}
	v.CreatedAt = on.Time()
	b.Visits = append(b.Visits, v)
}

func (g *generator) stages(c *model.Case, b *store.Batch) {
	on := c.ClosedOn.AddDays(g.between(5, 25))
	if on.After(g.today) {
		return
	}
	st, err := c.RequestStage(g.cal, model.StageReview, on, "区人民政府")
	if err != nil {
		return
	}
	reply := on.AddDays(g.between(10, 29))
	if !reply.After(g.today) {
		_ = c.ReplyStage(&st, model.ReplyReject, reply, "经复查，原处理意见正确，予以维持。")
	}
	st.CreatedAt = on.Time()
	b.Stages = append(b.Stages, st)
	if c.Status != model.StatusReviewed || !g.chance(40) {
		return
	}
	on = reply.AddDays(g.between(5, 25))
	if on.After(g.today) {
		return
	}
	rc, err := c.RequestStage(g.cal, model.StageRecheck, on, "市人民政府信访工作机构")
	if err != nil {
		return
	}
	if r := on.AddDays(g.between(10, 29)); !r.After(g.today) {
		_ = c.ReplyStage(&rc, model.ReplyReject, r, "经复核，复查意见正确，予以维持。")
	}
	rc.CreatedAt = on.Time()
	b.Stages = append(b.Stages, rc)
}

// finishAssignment sets the four duties to where a case at this stage would have them and
// strikes the 包案 off when everything is done and approved.
func (g *generator) finishAssignment(c *model.Case, b *store.Batch, a *model.Assignment) {
	duties := model.NewDuties(a.ID)
	for i := range duties {
		duties[i].ID = g.next(&g.ids.Duty)
		duties[i].Status = model.DutyDone
		duties[i].UpdatedOn = c.ClosedOn
		duties[i].Note = "已按方案落实。"
		if duties[i].Kind == model.DutySettle && c.StoppedOn.IsZero() {
			duties[i].Status = model.DutyDoing
			duties[i].Note = "正在做息诉罢访工作。"
		}
	}
	b.StabilityLogs = append(b.StabilityLogs, model.StabilityLog{AssignmentID: a.ID, LoggedOn: c.ClosedOn,
		Note: "信访人情绪稳定，无异常动向。", Author: "社区网格员", CreatedAt: c.ClosedOn.Time()})
	if so := c.ClosedOn.AddDays(g.between(5, 40)); !so.After(g.today) && g.chance(75) {
		_ = a.StrikeOff(*c, duties, so, "区信访工作联席会议", "四包责任已落实，同意销号。")
	}
	b.Duties = append(b.Duties, duties...)
}
