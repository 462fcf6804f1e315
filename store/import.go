package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"baoan/model"
)

// Importing the Excel ledger (LEDGER.md). Package ledgerio reads the file into
// model.LedgerRow values; ImportLedger looks up what they name, works out each case's
// state and clocks, and writes everything in one transaction with the bulk writer of
// bulk.go. Exporting streams the cases back out as LedgerRows (ExportCases).

// importChunk is how many cases go to the bulk writer at a time, between progress reports.
const importChunk = 5000

// ImportLedger imports ledger rows: all of them or, when any is wrong, none. Rows whose
// case is already in the database (the same 信访编号, or for a row without one the same
// received date, petitioners and summary) are skipped, so importing a file twice adds
// nothing the second time. Streets, communities, categories, units and leaders the
// database lacks are added when opts.AddMissing is set, and are errors otherwise.
//
// On wrong rows the error wraps ErrInvalid and a model.RowErrors listing every problem
// (errors.As); the result still says what was found, Missing in particular. A dry run
// checks everything and writes nothing. The import is audited as one ledger.import
// entry with the counts and the source file, plus one entry per dictionary entry added.
func (s *Store) ImportLedger(ctx context.Context, a model.Actor, rows []model.LedgerRow, opts model.ImportOptions) (model.ImportResult, error) {
	if !model.Can(a.Role, model.ActImport) {
		return model.ImportResult{}, forbidden(a, model.ActImport)
	}
	if opts.AddMissing && !model.Can(a.Role, model.ActDictEdit) {
		return model.ImportResult{}, forbidden(a, model.ActDictEdit)
	}
	imp := &importer{s: s, a: a, opts: opts, rows: rows, now: s.now().UTC()}
	imp.res.Rows = len(rows)
	if opts.DryRun {
		err := imp.prepare(s.db.WithContext(ctx))
		if err == nil {
			err = imp.check()
		}
		return imp.res, imp.wrap(err)
	}
	err := s.bulkTx(ctx, func(tx *gorm.DB, w *bulkWriter) error {
		if err := s.serialize(tx); err != nil {
			return err
		}
		if err := imp.prepare(tx); err != nil {
			return err
		}
		return imp.write(ctx, tx, w)
	})
	return imp.res, imp.wrap(err)
}

func (imp *importer) wrap(err error) error {
	var re model.RowErrors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &re):
		return fmt.Errorf("store: import ledger: %w", invalid(re))
	}
	return fmt.Errorf("store: import ledger: %w", err)
}

// importer carries one import from lookup to write.
type importer struct {
	s    *Store
	a    model.Actor
	opts model.ImportOptions
	rows []model.LedgerRow
	now  time.Time
	res  model.ImportResult
	errs model.RowErrors

	cal    *model.Calendar
	prefix string
	next   IDs
	dict   *dictionary
	// onFile says whether the database holds any cases and any petitioners. Into an
	// empty database (an office's first import, the big one) the lookups of numbers,
	// people and earlier cases are skipped: they found nothing and were a third of the
	// checking time of 100,000 rows.
	onFile struct{ cases, petitioners bool }
	// live are the rows to import (those not on file already), with what prepare found
	// for each: the dictionary entries it names and its petitioners.
	live   []*model.LedgerRow
	refs   []refs
	people [][]person
	// ids are the first and last case id written, for the audit entry.
	ids   [2]int64
	added struct {
		units      []model.Unit
		categories []model.Category
		leaders    []model.Leader
	}
}

// bundle is what one row writes.
type bundle struct {
	c           model.Case
	petitioners []model.Petitioner // created by this row
	links       []model.CasePetitioner
	assignments []model.Assignment
	duties      []model.Duty
	visits      []model.Visit
}

func (imp *importer) fail(row int, h, value, expected string, args ...any) {
	if len(args) > 0 {
		expected = fmt.Sprintf(expected, args...)
	}
	imp.errs = append(imp.errs, model.RowError{Row: row, Header: h, Value: value, Expected: expected})
}

// prepare does what needs every row before any case can be built: lookups, duplicates,
// numbering, petitioners, repeats. The row errors it finds are kept in imp.errs; the
// error it returns is a database's.
func (imp *importer) prepare(db *gorm.DB) error {
	var err error
	if imp.cal, err = imp.s.calendar(db); err != nil {
		return err
	}
	if imp.prefix, err = imp.s.setting(db, SettingCasePrefix); err != nil {
		return err
	}
	if imp.next, err = nextIDs(db); err != nil {
		return err
	}
	if imp.dict, err = loadDictionary(db); err != nil {
		return err
	}
	err = db.Raw(`SELECT EXISTS (SELECT 1 FROM cases) AS cases, EXISTS (SELECT 1 FROM petitioners) AS petitioners`).
		Row().Scan(&imp.onFile.cases, &imp.onFile.petitioners)
	if err != nil {
		return err
	}
	imp.progress(0)
	live, err := imp.skipExisting(db)
	if err != nil {
		return err
	}
	imp.live, imp.refs = live, imp.resolve(live)
	if err := imp.number(db, live); err != nil {
		return err
	}
	if imp.people, err = imp.petitioners(db, live); err != nil {
		return err
	}
	return imp.repeats(db, live, imp.people)
}

// rowErrors is every wrong row found so far, as a model.RowErrors, or nil.
func (imp *importer) rowErrors() error {
	if len(imp.errs) == 0 {
		return nil
	}
	return model.MergeRowErrors(imp.errs)
}

// batches builds the cases of the live rows and hands their records to use,
// importChunk rows at a time, counting them into the result. Once a row has failed,
// nothing more is handed over, but every row is still checked so that all the wrong
// ones are listed; the row errors are returned at the end.
func (imp *importer) batches(use func(*Batch) error) error {
	for lo := 0; lo < len(imp.live); lo += importChunk {
		b := &Batch{}
		for i := lo; i < min(lo+importChunk, len(imp.live)); i++ {
			if x, ok := imp.build(imp.live[i], imp.refs[i], imp.people[i]); ok {
				b.Petitioners = append(b.Petitioners, x.petitioners...)
				b.Cases = append(b.Cases, x.c)
				b.CasePetitioners = append(b.CasePetitioners, x.links...)
				b.Assignments = append(b.Assignments, x.assignments...)
				b.Duties = append(b.Duties, x.duties...)
				b.Visits = append(b.Visits, x.visits...)
			}
		}
		if len(imp.errs) > 0 {
			continue
		}
		imp.res.Created += len(b.Cases)
		imp.res.Petitioners += len(b.Petitioners)
		imp.res.Visits += len(b.Visits)
		imp.res.Assignments += len(b.Assignments)
		if len(b.Cases) > 0 {
			imp.ids = [2]int64{cmp.Or(imp.ids[0], b.Cases[0].ID), b.Cases[len(b.Cases)-1].ID}
		}
		if err := use(b); err != nil {
			return err
		}
	}
	return imp.rowErrors()
}

// check builds and checks every case without writing any, and returns the row errors.
func (imp *importer) check() error {
	return imp.batches(func(*Batch) error { return nil })
}

func (imp *importer) progress(done int) {
	if imp.opts.Progress != nil {
		imp.opts.Progress(done, len(imp.rows))
	}
}

// nextIDs is NextIDs inside a transaction.
func nextIDs(db *gorm.DB) (IDs, error) {
	var ids IDs
	for _, t := range []struct {
		table string
		dst   *int64
	}{{"units", &ids.Unit}, {"categories", &ids.Category}, {"leaders", &ids.Leader}, {"petitioners", &ids.Petitioner},
		{"cases", &ids.Case}, {"assignments", &ids.Assignment}, {"duties", &ids.Duty}, {"visits", &ids.Visit}} {
		var max *int64
		if err := db.Raw("SELECT MAX(id) FROM " + t.table).Scan(&max).Error; err != nil {
			return ids, fmt.Errorf("store: next ids: %w", err)
		}
		*t.dst = 1
		if max != nil {
			*t.dst = *max + 1
		}
	}
	return ids, nil
}

func take(p *int64) int64 { id := *p; *p++; return id }

// ---- dictionaries ----

// dictionary finds streets, communities, categories, units and leaders by name.
type dictionary struct {
	streets     map[string]model.Unit
	communities map[int64]map[string]model.Unit // street → name → community
	units       map[string]model.Unit           // 责任单位: departments first, then streets, the district
	categories  map[string]model.Category
	leaders     map[string]model.Leader
	district    *int64 // the district new streets and departments hang under, if there is one
}

func loadDictionary(db *gorm.DB) (*dictionary, error) {
	d := &dictionary{streets: map[string]model.Unit{}, communities: map[int64]map[string]model.Unit{},
		units: map[string]model.Unit{}, categories: map[string]model.Category{}, leaders: map[string]model.Leader{}}
	var units []model.Unit
	if err := db.Order("active DESC, sort, id").Find(&units).Error; err != nil {
		return nil, fmt.Errorf("store: load units: %w", err)
	}
	var districts []int64
	rank := map[model.UnitKind]int{model.UnitDepartment: 0, model.UnitStreet: 1, model.UnitDistrict: 2, model.UnitCommunity: 3}
	for _, u := range units {
		switch u.Kind {
		case model.UnitStreet:
			if _, ok := d.streets[u.Name]; !ok {
				d.streets[u.Name] = u
			}
		case model.UnitCommunity:
			if u.ParentID != nil {
				m := d.communities[*u.ParentID]
				if m == nil {
					m = map[string]model.Unit{}
					d.communities[*u.ParentID] = m
				}
				if _, ok := m[u.Name]; !ok {
					m[u.Name] = u
				}
			}
		case model.UnitDistrict:
			districts = append(districts, u.ID)
		}
		if prev, ok := d.units[u.Name]; !ok || rank[u.Kind] < rank[prev.Kind] {
			d.units[u.Name] = u
		}
	}
	if len(districts) == 1 {
		d.district = &districts[0]
	}
	var cats []model.Category
	if err := db.Find(&cats).Error; err != nil {
		return nil, fmt.Errorf("store: load categories: %w", err)
	}
	for _, c := range cats {
		d.categories[c.Name] = c
	}
	var leaders []model.Leader
	if err := db.Order("active DESC, id").Find(&leaders).Error; err != nil {
		return nil, fmt.Errorf("store: load leaders: %w", err)
	}
	for _, l := range leaders {
		if _, ok := d.leaders[l.Name]; !ok {
			d.leaders[l.Name] = l
		}
	}
	return d, nil
}

// refs are a row's dictionary entries as ids.
type refs struct {
	street    int64
	community *int64
	category  int64
	unit      *int64
	leaders   []int64
}

// resolve looks up every name the rows give; a missing one is added (AddMissing) or
// reported on each row that names it.
func (imp *importer) resolve(rows []*model.LedgerRow) []refs {
	out := make([]refs, len(rows))
	seen := map[model.DictEntry]bool{}
	missing := func(r *model.LedgerRow, e model.DictEntry, how string) bool {
		if !seen[e] {
			seen[e] = true
			imp.res.Missing = append(imp.res.Missing, e)
		}
		if imp.opts.AddMissing {
			return true
		}
		imp.errs = append(imp.errs, model.RowError{Row: r.Line, Header: e.Header, Value: e.Name, Missing: true,
			Expected: how + "；或导入时选择「自动添加数据库中没有的条目」（命令行加 --add-missing）"})
		return false
	}
	d := imp.dict
	for i, r := range rows {
		ref := &out[i]
		if st, ok := d.streets[r.Street]; ok {
			ref.street = st.ID
		} else if missing(r, model.DictEntry{Header: model.HdrStreet, Name: r.Street}, "数据库中没有这个街道：请核对名称，或先在 设置→街道社区 中添加") {
			u := model.Unit{ID: take(&imp.next.Unit), Name: r.Street, Kind: model.UnitStreet, ParentID: d.district, Sort: len(d.streets), Active: true}
			d.streets[u.Name] = u
			if _, ok := d.units[u.Name]; !ok {
				d.units[u.Name] = u
			}
			imp.added.units = append(imp.added.units, u)
			ref.street = u.ID
		}
		if r.Community != "" && ref.street != 0 {
			if c, ok := d.communities[ref.street][r.Community]; ok {
				ref.community = &c.ID
			} else if missing(r, model.DictEntry{Header: model.HdrCommunity, Name: r.Community, Parent: r.Street},
				fmt.Sprintf("街道「%s」下没有这个社区：请核对名称，或先在 设置→街道社区 中添加", r.Street)) {
				parent := ref.street
				u := model.Unit{ID: take(&imp.next.Unit), Name: r.Community, Kind: model.UnitCommunity, ParentID: &parent,
					Sort: len(d.communities[parent]), Active: true}
				if d.communities[parent] == nil {
					d.communities[parent] = map[string]model.Unit{}
				}
				d.communities[parent][u.Name] = u
				imp.added.units = append(imp.added.units, u)
				ref.community = &u.ID
			}
		}
		if c, ok := d.categories[r.Category]; ok {
			ref.category = c.ID
		} else if missing(r, model.DictEntry{Header: model.HdrCategory, Name: r.Category}, "数据库中没有这个问题类别：请核对名称，或先在 设置→问题类别 中添加") {
			c := model.Category{ID: take(&imp.next.Category), Name: r.Category, Sort: len(d.categories), Active: true}
			d.categories[c.Name] = c
			imp.added.categories = append(imp.added.categories, c)
			ref.category = c.ID
		}
		if r.Unit != "" {
			if u, ok := d.units[r.Unit]; ok {
				ref.unit = &u.ID
			} else if missing(r, model.DictEntry{Header: model.HdrUnit, Name: r.Unit}, "数据库中没有这个单位：请核对名称，或先在 设置→单位 中添加") {
				u := model.Unit{ID: take(&imp.next.Unit), Name: r.Unit, Kind: model.UnitDepartment, ParentID: d.district, Active: true}
				d.units[u.Name] = u
				imp.added.units = append(imp.added.units, u)
				ref.unit = &u.ID
			}
		}
		for _, name := range r.Leaders {
			if l, ok := d.leaders[name]; ok {
				if !slices.Contains(ref.leaders, l.ID) {
					ref.leaders = append(ref.leaders, l.ID)
				}
			} else if missing(r, model.DictEntry{Header: model.HdrLeader, Name: name}, "数据库中没有这位领导：请核对姓名，或先在 领导 页面中添加") {
				l := model.Leader{ID: take(&imp.next.Leader), Name: name, Level: model.LevelSection, Active: true}
				d.leaders[name] = l
				imp.added.leaders = append(imp.added.leaders, l)
				ref.leaders = append(ref.leaders, l.ID)
			}
		}
	}
	return out
}

// ---- duplicates and numbering ----

// skipExisting sets aside the rows whose case the database already holds and returns
// the others.
func (imp *importer) skipExisting(db *gorm.DB) ([]*model.LedgerRow, error) {
	var numbers []string
	dates := map[string]bool{}
	for i := range imp.rows {
		r := &imp.rows[i]
		if r.Case.No != "" {
			numbers = append(numbers, r.Case.No)
		} else {
			dates[r.Case.ReceivedOn.String()] = true
		}
	}
	if !imp.onFile.cases {
		numbers, dates = nil, nil
	}
	have := map[string]bool{}
	for part := range slices.Chunk(numbers, lookupChunk) {
		var found []string
		in, arg := inList(imp.s, "case_no", part)
		if err := db.Raw(`SELECT case_no FROM cases WHERE `+in, arg).Scan(&found).Error; err != nil {
			return nil, fmt.Errorf("store: find existing numbers: %w", err)
		}
		for _, n := range found {
			have[n] = true
		}
	}
	prints := map[string]bool{}
	dayList := make([]string, 0, len(dates))
	for d := range dates {
		dayList = append(dayList, d)
	}
	for part := range slices.Chunk(dayList, lookupChunk) {
		var found []struct {
			ReceivedOn      model.Date
			PetitionerNames string
			Summary         string
		}
		in, arg := inList(imp.s, "received_on", part)
		err := db.Raw(`SELECT received_on, petitioner_names, summary FROM cases WHERE `+in, arg).Scan(&found).Error
		if err != nil {
			return nil, fmt.Errorf("store: find existing cases: %w", err)
		}
		for _, f := range found {
			prints[f.ReceivedOn.String()+"\x00"+f.PetitionerNames+"\x00"+strings.TrimSpace(f.Summary)] = true
		}
	}
	var live []*model.LedgerRow
	for i := range imp.rows {
		r := &imp.rows[i]
		if r.Case.No != "" && have[r.Case.No] || r.Case.No == "" && prints[r.Fingerprint()] {
			imp.res.Skipped = append(imp.res.Skipped, r.Line)
			continue
		}
		live = append(live, r)
	}
	return live, nil
}

// number gives every row its case number, year and sequence. A given number in the
// usual form keeps its year and sequence unless another case holds them; every other
// row takes the next sequence of its year, after all sequences in use, so that a
// generated number never meets a given one.
func (imp *importer) number(db *gorm.DB, rows []*model.LedgerRow) error {
	type ys struct{ year, seq int }
	maxSeq := map[int]int{}
	var seqRows []struct{ Year, Seq int }
	if err := db.Raw(`SELECT year, MAX(seq) AS seq FROM cases GROUP BY year`).Scan(&seqRows).Error; err != nil {
		return fmt.Errorf("store: year sequences: %w", err)
	}
	for _, r := range seqRows {
		maxSeq[r.Year] = r.Seq
	}
	given := map[int][]int{} // year → sequences the rows' numbers claim
	parsed := make([]ys, len(rows))
	for i, r := range rows {
		r.Case.Year, r.Case.Seq = r.Case.ReceivedOn.Year(), 0
		if m := numberPattern.FindStringSubmatch(r.Case.No); m != nil {
			y, _ := strconv.Atoi(m[1])
			n, err := strconv.Atoi(m[2])
			if err == nil && n > 0 && n < 1<<31 {
				parsed[i] = ys{y, n}
				given[y] = append(given[y], n)
			}
		}
	}
	taken := map[ys]bool{}
	for y, seqs := range given {
		lookup := seqs
		if !imp.onFile.cases {
			lookup = nil
		}
		for part := range slices.Chunk(lookup, lookupChunk) {
			var found []int
			in, arg := inList(imp.s, "seq", part)
			if err := db.Raw(`SELECT seq FROM cases WHERE year = ? AND `+in, y, arg).Scan(&found).Error; err != nil {
				return fmt.Errorf("store: find taken sequences: %w", err)
			}
			for _, n := range found {
				taken[ys{y, n}] = true
			}
		}
		maxSeq[y] = max(maxSeq[y], slices.Max(seqs))
	}
	for i, r := range rows {
		if p := parsed[i]; p.seq > 0 && !taken[p] {
			r.Case.Year, r.Case.Seq = p.year, p.seq
			taken[p] = true
			continue
		}
		if p := parsed[i]; p.seq > 0 {
			r.Case.Year = p.year
		}
		maxSeq[r.Case.Year]++
		r.Case.Seq = maxSeq[r.Case.Year]
		if r.Case.No == "" {
			r.Case.No = model.CaseNumber(imp.prefix, r.Case.Year, r.Case.Seq)
		}
	}
	return nil
}

// ---- petitioners ----

// person is a row's petitioner with the id it will have and whether the row creates it.
type person struct {
	model.Petitioner
	create bool
}

// petitioners gives every row's petitioners their ids: a person whose ID number is
// already on file (in the database, or earlier in the ledger) is that record; everyone
// else is created. The same ID number under another name is an error: one of the two is
// mistyped.
func (imp *importer) petitioners(db *gorm.DB, rows []*model.LedgerRow) ([][]person, error) {
	var numbers []string
	for _, r := range rows {
		for _, p := range r.Petitioners {
			if p.IDNumber != "" {
				numbers = append(numbers, p.IDNumber)
			}
		}
	}
	onFile := map[string]model.Petitioner{}
	if !imp.onFile.petitioners {
		numbers = nil
	}
	for part := range slices.Chunk(numbers, lookupChunk) {
		var found []model.Petitioner
		in, arg := inList(imp.s, "id_number", part)
		if err := db.Where("id_number <> '' AND "+in, arg).Order("id").Find(&found).Error; err != nil {
			return nil, fmt.Errorf("store: find petitioners: %w", err)
		}
		for _, p := range found {
			if _, ok := onFile[p.IDNumber]; !ok {
				onFile[p.IDNumber] = p
			}
		}
	}
	firstLine := map[string]int{} // ID number → row that created it
	out := make([][]person, len(rows))
	for i, r := range rows {
		ps := make([]person, len(r.Petitioners))
		for j, p := range r.Petitioners {
			p = cleanPetitioner(p)
			if p.IDNumber == "" {
				p.ID = take(&imp.next.Petitioner)
				ps[j] = person{p, true}
				continue
			}
			if old, ok := onFile[p.IDNumber]; ok {
				if old.Name != p.Name {
					where := "数据库中"
					if line, ok := firstLine[p.IDNumber]; ok {
						where = fmt.Sprintf("第%d行", line)
					}
					imp.fail(r.Line, model.HdrIDNumber, p.IDNumber, "该证件号码在%s登记为信访人「%s」，本行为「%s」：请核对姓名或号码", where, old.Name, p.Name)
				}
				ps[j] = person{old, false}
				continue
			}
			p.ID = take(&imp.next.Petitioner)
			onFile[p.IDNumber] = p
			firstLine[p.IDNumber] = r.Line
			ps[j] = person{p, true}
		}
		out[i] = ps
	}
	return out, nil
}

// repeats works out 重复信访 for the rows that leave it blank: a case is a repeat when
// one of its petitioners (by ID number, phone, or name and address) has a case received
// on or before it, in the database or earlier in the ledger.
func (imp *importer) repeats(db *gorm.DB, rows []*model.LedgerRow, people [][]person) error {
	type key struct{ kind, a, b string }
	keysOf := func(p person) []key {
		var ks []key
		if p.IDNumber != "" {
			ks = append(ks, key{"id", p.IDNumber, ""})
		}
		if p.Phone != "" {
			ks = append(ks, key{"phone", p.Phone, ""})
		}
		if p.Name != "" && p.Address != "" {
			ks = append(ks, key{"name", p.Name, p.Address})
		}
		return ks
	}
	type first struct {
		day  string
		line int
	}
	earliest := map[key]first{}
	var ids, phones, names []string
	for i, r := range rows {
		own := first{r.Case.ReceivedOn.String(), r.Line}
		for _, p := range people[i] {
			for _, k := range keysOf(p) {
				if f, ok := earliest[k]; !ok || own.day < f.day || own.day == f.day && own.line < f.line {
					earliest[k] = own
				}
				if !r.RepeatGiven {
					switch k.kind {
					case "id":
						ids = append(ids, k.a)
					case "phone":
						phones = append(phones, k.a)
					case "name":
						names = append(names, k.a)
					}
				}
			}
		}
	}
	// The earliest case on file for each key.
	onFile := map[key]string{}
	if !imp.onFile.cases {
		ids, phones, names = nil, nil, nil
	}
	const join = ` FROM petitioners p JOIN case_petitioners cp ON cp.petitioner_id = p.id JOIN cases c ON c.id = cp.case_id WHERE `
	for _, q := range []struct {
		kind, sql string
		vals      []string
	}{
		{"id", `SELECT p.id_number AS a, '' AS b, MIN(c.received_on) AS day` + join + `p.id_number <> '' AND %s GROUP BY p.id_number`, ids},
		{"phone", `SELECT p.phone AS a, '' AS b, MIN(c.received_on) AS day` + join + `p.phone <> '' AND %s GROUP BY p.phone`, phones},
		{"name", `SELECT p.name AS a, p.address AS b, MIN(c.received_on) AS day` + join + `%s GROUP BY p.name, p.address`, names},
	} {
		slices.Sort(q.vals)
		col := map[string]string{"id": "p.id_number", "phone": "p.phone", "name": "p.name"}[q.kind]
		for part := range slices.Chunk(slices.Compact(q.vals), lookupChunk) {
			var found []struct{ A, B, Day string }
			in, arg := inList(imp.s, col, part)
			if err := db.Raw(fmt.Sprintf(q.sql, in), arg).Scan(&found).Error; err != nil {
				return fmt.Errorf("store: find earlier cases: %w", err)
			}
			for _, f := range found {
				if len(f.Day) > 10 {
					f.Day = f.Day[:10]
				}
				onFile[key{q.kind, f.A, f.B}] = f.Day
			}
		}
	}
	for i, r := range rows {
		if r.RepeatGiven {
			continue
		}
		own := first{r.Case.ReceivedOn.String(), r.Line}
		r.Case.Repeat = false
		for _, p := range people[i] {
			for _, k := range keysOf(p) {
				if f := earliest[k]; f.day < own.day || f.day == own.day && f.line < own.line {
					r.Case.Repeat = true
				}
				if day, ok := onFile[k]; ok && day <= own.day {
					r.Case.Repeat = true
				}
			}
		}
	}
	return nil
}

// ---- the case ----

// build works out a row's case: status and clocks from the decision and dates, as the
// lifecycle would have set them, and the records that go with it.
func (imp *importer) build(r *model.LedgerRow, ref refs, ps []person) (bundle, bool) {
	before := len(imp.errs)
	imp.checkPeople(r, ps)
	c := r.Case
	c.ID = take(&imp.next.Case)
	c.StreetID, c.CommunityID, c.CategoryID, c.UnitID = ref.street, ref.community, ref.category, ref.unit
	if c.HeadCount == 0 {
		c.HeadCount = max(1, len(ps))
	}
	c.Target, c.TargetDue = "", model.Date{}
	c.Status = model.StatusRegistered
	c.AcceptDue = imp.cal.AcceptDue(c.ReceivedOn)
	c.ObjectionDue, c.DueOn = model.Date{}, model.Date{}
	switch c.Decision {
	case "":
		if !c.ClosedOn.IsZero() {
			imp.fail(r.Line, model.HdrDecision, "", "办结的事项须先受理：请填写受理情况（受理 或 交办）和受理日期")
		}
		c.DecidedOn, c.ReplyDue, c.ExtendedDue, c.ClosedOn = model.Date{}, model.Date{}, model.Date{}, model.Date{}
	case model.DecisionNotAccept:
		c.Status = model.StatusNotAccepted
	case model.DecisionTransfer:
		c.Status = model.StatusTransferred
	case model.DecisionAccept, model.DecisionAssign:
		c.Status = model.StatusHandling
		if c.ReplyDue.IsZero() {
			c.ReplyDue = imp.cal.ReplyDue(c.DecidedOn)
		}
		c.DueOn = c.ReplyDue
		if !c.ExtendedDue.IsZero() {
			if err := model.CheckExtension(c.ReplyDue, c.ExtendedDue); err != nil {
				imp.fail(r.Line, model.HdrExtendedDue, c.ExtendedDue.String(), "%s", strings.TrimPrefix(err.Error(), "延期至："))
			}
			c.DueOn = c.ExtendedDue
		}
	}
	if c.Decision == model.DecisionTransfer || c.Decision == model.DecisionAssign {
		c.ObjectionDue = imp.cal.ObjectionDue(c.DecidedOn)
	}
	if !c.ClosedOn.IsZero() && c.Status == model.StatusHandling {
		c.Status = model.StatusClosed
	}
	c.RatedOn, c.StoppedOn = model.Date{}, model.Date{}
	if c.Status.IsClosed() {
		after := c.ClosedOn
		if c.FirstFollowUpOn.After(after) {
			after = c.FirstFollowUpOn
		}
		if c.Rating.Rated() {
			c.RatedOn = after
		}
		if r.Stopped {
			c.StoppedOn = after
		}
	} else {
		c.Rating, c.FirstFollowUpOn, c.ReplyKind = model.RatingNone, model.Date{}, ""
	}
	if err := c.Validate(); err != nil {
		var ve model.ValidationError
		if errors.As(err, &ve) {
			for _, fe := range ve {
				imp.fail(r.Line, ledgerField(fe.Field), "", "%s", fe.Msg)
			}
		}
	}
	if len(imp.errs) > before {
		return bundle{}, false
	}
	b := bundle{}
	pets := make([]model.Petitioner, len(ps))
	for i, p := range ps {
		if p.create {
			p.StreetID, p.CommunityID = &c.StreetID, c.CommunityID
			p.CreatedAt, p.UpdatedAt = imp.now, imp.now
			b.petitioners = append(b.petitioners, p.Petitioner)
		}
		pets[i] = p.Petitioner
		b.links = append(b.links, model.CasePetitioner{CaseID: c.ID, PetitionerID: p.ID, Seq: i})
	}
	c.PetitionerNames = model.PetitionerNames(pets)
	c.SearchText = model.SearchText(c, pets)
	c.Version, c.CreatedAt, c.UpdatedAt = 1, imp.now, imp.now
	on := c.DecidedOn
	if on.IsZero() {
		on = c.ReceivedOn
	}
	for _, l := range ref.leaders {
		asg := model.Assignment{ID: take(&imp.next.Assignment), CaseID: c.ID, LeaderID: l, AssignedOn: on, Version: 1,
			CreatedAt: imp.now, UpdatedAt: imp.now}
		b.assignments = append(b.assignments, asg)
		for _, d := range model.NewDuties(asg.ID) {
			d.ID = take(&imp.next.Duty)
			b.duties = append(b.duties, d)
		}
	}
	if !c.FirstFollowUpOn.IsZero() {
		v := model.Visit{ID: take(&imp.next.Visit), CaseID: c.ID, Kind: model.VisitFollowUp, VisitedOn: c.FirstFollowUpOn,
			PeopleMet: c.PetitionerNames, CreatedAt: imp.now}
		if len(ref.leaders) > 0 {
			v.LeaderID = &ref.leaders[0]
		}
		b.visits = append(b.visits, v)
	}
	b.c = c
	return b, true
}

// checkPeople runs the petitioner rules on a row's new petitioners and the group rules
// on all of them. Rows read by ledgerio have passed them already; this guards callers
// that build rows some other way.
func (imp *importer) checkPeople(r *model.LedgerRow, ps []person) {
	pets := make([]model.Petitioner, len(ps))
	for i, p := range ps {
		pets[i] = p.Petitioner
		if !p.create {
			continue
		}
		var ve model.ValidationError
		if err := p.Validate(); errors.As(err, &ve) {
			for _, fe := range ve {
				imp.fail(r.Line, ledgerField(fe.Field), "", "第%d名信访人：%s", i+1, fe.Msg)
			}
		}
	}
	var ve model.ValidationError
	if err := model.ValidateGroup(max(r.Case.HeadCount, 1), pets); errors.As(err, &ve) {
		for _, fe := range ve {
			imp.fail(r.Line, ledgerField(fe.Field), "", "%s", fe.Msg)
		}
	}
}

// ledgerField maps a form field named by a model rule to the ledger column.
func ledgerField(f string) string {
	switch f {
	case "姓名":
		return model.HdrPetitioners
	case "证件类型":
		return model.HdrIDNumber
	case "决定日期", "受理决定":
		return model.HdrDecidedOn
	case "答复日期":
		return model.HdrClosedOn
	}
	return f
}

// ---- writing ----

// write builds and inserts the cases, then audits the import. Building runs on a
// second goroutine, a chunk ahead of the inserts. Rows that fail only here (a case rule,
// a petitioner rule) are found while the rows before them are being written: the import
// then stops writing, checks the remaining rows, and the transaction is rolled back. The
// 导入 screen checks with a dry run first, so that is the rare case.
func (imp *importer) write(ctx context.Context, tx *gorm.DB, w *bulkWriter) error {
	s := imp.s
	if len(imp.errs) > 0 {
		return imp.check() // nothing is written, but every row is checked
	}
	err := w.load(len(imp.live), func(int64) error {
		first := &Batch{Units: imp.added.units, Categories: imp.added.categories, Leaders: imp.added.leaders}
		if err := w.write(ctx, first); err != nil {
			return err
		}
		built := make(chan *Batch, 1)
		stop, result := make(chan struct{}), make(chan error, 1)
		go func() {
			defer close(built)
			result <- imp.batches(func(b *Batch) error {
				select {
				case built <- b:
					return nil
				case <-stop:
					return context.Canceled
				}
			})
		}()
		done := len(imp.res.Skipped)
		for b := range built {
			if err := w.write(ctx, b); err != nil {
				close(stop)
				for range built {
				}
				return err
			}
			done += len(b.Cases)
			imp.progress(done)
		}
		return <-result
	})
	if err != nil {
		return err
	}
	for _, u := range imp.added.units {
		if err := s.audit(tx, imp.a, "unit.create", "units", u.ID, nil, created(u)); err != nil {
			return err
		}
	}
	for _, c := range imp.added.categories {
		if err := s.audit(tx, imp.a, "category.create", "categories", c.ID, nil, created(c)); err != nil {
			return err
		}
	}
	for _, l := range imp.added.leaders {
		if err := s.audit(tx, imp.a, "leader.create", "leaders", l.ID, nil, created(l)); err != nil {
			return err
		}
	}
	changes := []Change{
		{Field: "source", New: imp.opts.Source}, {Field: "rows", New: len(imp.rows)},
		{Field: "cases", New: imp.res.Created}, {Field: "skipped", New: len(imp.res.Skipped)},
		{Field: "petitioners", New: imp.res.Petitioners}, {Field: "visits", New: imp.res.Visits},
		{Field: "assignments", New: imp.res.Assignments},
	}
	if imp.res.Created > 0 {
		changes = append(changes, Change{Field: "case_ids", New: fmt.Sprintf("%d–%d", imp.ids[0], imp.ids[1])})
	}
	return s.audit(tx, imp.a, "ledger.import", "cases", 0, nil, changes)
}

// ---- export ----

// exportPage is how many cases ExportCases reads at a time.
const exportPage = 2000

// ExportCases calls fn with every case matching f that a may read, in id order, as a
// ledger row: the case's ledger fields (those LedgerRow lists; ids, clocks and status
// are left zero), its petitioners lead first, the names of its street, community,
// category, unit and 包案 leaders, and the first 上门回访. Pages are read ahead on a
// second goroutine while fn handles the previous one, so a million cases stream through
// without being held. ID numbers and phones are masked for an account that may not see
// them in full. An error from fn stops the export and is returned.
func (s *Store) ExportCases(ctx context.Context, a model.Actor, f model.CaseFilter, fn func(model.LedgerRow) error) error {
	db := s.db.WithContext(ctx)
	all, err := s.readScope(db, a)
	if err != nil {
		return err
	}
	plan, err := s.planSearch(db, f, all, 0)
	if err != nil {
		return err
	}
	names, err := exportNames(db)
	if err != nil {
		return err
	}
	reveal := model.Can(a.Role, model.ActPIIReveal)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan exportPageData, 2)
	read := make(chan error, 1)
	go func() {
		defer close(pages)
		read <- s.readExportPages(ctx, db.WithContext(ctx), a, f, all, plan, pages)
	}()
	for pg := range pages {
		for _, c := range pg.cases {
			r := model.LedgerRow{Case: c, Petitioners: pg.people[c.ID], Stopped: !c.StoppedOn.IsZero(), RepeatGiven: true,
				Street: names.units[c.StreetID], Category: names.categories[c.CategoryID]}
			if c.CommunityID != nil {
				r.Community = names.units[*c.CommunityID]
			}
			if c.UnitID != nil {
				r.Unit = names.units[*c.UnitID]
			}
			for _, l := range pg.leaders[c.ID] {
				r.Leaders = append(r.Leaders, names.leaders[l])
			}
			if !reveal {
				for i := range r.Petitioners {
					r.Petitioners[i] = maskPetitioner(a, r.Petitioners[i])
				}
			}
			if err := fn(r); err != nil {
				cancel()
				for range pages { // let the reader see the cancellation and stop
				}
				<-read
				return err
			}
		}
	}
	if err := <-read; err != nil {
		return fmt.Errorf("store: export cases: %w", err)
	}
	return nil
}

// exportPageData is one page of an export: cases with their petitioners and leaders.
type exportPageData struct {
	cases   []model.Case
	people  map[int64][]model.Petitioner
	leaders map[int64][]int64
}

// exportColumns are the columns of cases a ledger row needs, in the order scanCase reads them.
const exportColumns = `id, case_no, received_on, channel, head_count, category_id, summary, demands, street_id,
	community_id, unit_id, decision, decided_on, reply_due, extended_due, closed_on, reply_kind, rating,
	first_follow_up_on, stopped_on, repeat, backlog, note`

func scanCase(rows *sql.Rows, c *model.Case) error {
	return rows.Scan(&c.ID, &c.No, &c.ReceivedOn, &c.Channel, &c.HeadCount, &c.CategoryID, &c.Summary, &c.Demands,
		&c.StreetID, &c.CommunityID, &c.UnitID, &c.Decision, &c.DecidedOn, &c.ReplyDue, &c.ExtendedDue, &c.ClosedOn,
		&c.ReplyKind, &c.Rating, &c.FirstFollowUpOn, &c.StoppedOn, &c.Repeat, &c.Backlog, &c.Note)
}

// readExportPages reads the matching cases page by page and sends each page on out.
func (s *Store) readExportPages(ctx context.Context, db *gorm.DB, a model.Actor, f model.CaseFilter, all bool, plan searchPlan, out chan<- exportPageData) error {
	var last int64
	for {
		q := s.filterCases(db.Model(&model.Case{}), a, f, all, plan).Select(exportColumns).
			Where("id > ?", last).Order("id").Limit(exportPage)
		rows, err := q.Rows()
		if err != nil {
			return err
		}
		var cs []model.Case
		for rows.Next() {
			var c model.Case
			if err := scanCase(rows, &c); err != nil {
				rows.Close()
				return err
			}
			cs = append(cs, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(cs) == 0 {
			return nil
		}
		ids := make([]int64, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		people, leaders, err := s.exportRelated(db, ids)
		if err != nil {
			return err
		}
		select {
		case out <- exportPageData{cs, people, leaders}:
		case <-ctx.Done():
			return ctx.Err()
		}
		last = cs[len(cs)-1].ID
	}
}

// nameMaps are the dictionaries an export writes by name.
type nameMaps struct {
	units, categories, leaders map[int64]string
}

func exportNames(db *gorm.DB) (nameMaps, error) {
	m := nameMaps{units: map[int64]string{}, categories: map[int64]string{}, leaders: map[int64]string{}}
	for _, t := range []struct {
		table string
		dst   map[int64]string
	}{{"units", m.units}, {"categories", m.categories}, {"leaders", m.leaders}} {
		var rows []struct {
			ID   int64
			Name string
		}
		if err := db.Raw("SELECT id, name FROM " + t.table).Scan(&rows).Error; err != nil {
			return m, fmt.Errorf("store: export names: %w", err)
		}
		for _, r := range rows {
			t.dst[r.ID] = r.Name
		}
	}
	return m, nil
}

// exportRelated reads the petitioners (lead first) and the 包案 leaders of a page of
// cases. A page of consecutive ids is read by range; a sparse one (a filtered export)
// by the list of ids.
func (s *Store) exportRelated(db *gorm.DB, ids []int64) (map[int64][]model.Petitioner, map[int64][]int64, error) {
	lo, hi := ids[0], ids[len(ids)-1]
	where, args := "case_id BETWEEN ? AND ?", []any{lo, hi}
	if hi-lo+1 > int64(4*len(ids)) {
		in, arg := inList(s, "case_id", ids)
		where, args = in, []any{arg}
	}
	people := make(map[int64][]model.Petitioner, len(ids))
	rows, err := db.Raw(`SELECT cp.case_id, p.id, p.id_kind, p.id_number, p.name, p.phone, p.address
		FROM case_petitioners cp JOIN petitioners p ON p.id = cp.petitioner_id
		WHERE cp.`+where+` ORDER BY cp.case_id, cp.seq, p.id`, args...).Rows()
	if err != nil {
		return nil, nil, fmt.Errorf("store: export petitioners: %w", err)
	}
	for rows.Next() {
		var caseID int64
		var p model.Petitioner
		if err := rows.Scan(&caseID, &p.ID, &p.IDKind, &p.IDNumber, &p.Name, &p.Phone, &p.Address); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: export petitioners: %w", err)
		}
		people[caseID] = append(people[caseID], p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: export petitioners: %w", err)
	}
	leaders := make(map[int64][]int64)
	rows, err = db.Raw(`SELECT case_id, leader_id FROM assignments WHERE `+where+` ORDER BY case_id, assigned_on, id`, args...).Rows()
	if err != nil {
		return nil, nil, fmt.Errorf("store: export assignments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var caseID, leaderID int64
		if err := rows.Scan(&caseID, &leaderID); err != nil {
			return nil, nil, fmt.Errorf("store: export assignments: %w", err)
		}
		leaders[caseID] = append(leaders[caseID], leaderID)
	}
	return people, leaders, rows.Err()
}

// lookupChunk is how many values one lookup query of an import asks for.
const lookupChunk = 5000

// inList is a condition that col is one of vals, passed as one JSON argument: the SQLite
// driver's cost grows with the square of the bound arguments (see maxBatchArgs), and
// one argument is one whatever the length of the list.
func inList[T string | int | int64](s *Store, col string, vals []T) (string, any) {
	b, _ := json.Marshal(vals) // strings and numbers always marshal
	if s.dialect == Postgres {
		var zero T
		if _, text := any(zero).(string); text {
			return col + " IN (SELECT jsonb_array_elements_text(?::jsonb))", string(b)
		}
		return col + " IN (SELECT (jsonb_array_elements_text(?::jsonb))::bigint)", string(b)
	}
	return col + " IN (SELECT value FROM json_each(?))", string(b)
}
