package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"baoan/model"
)

func cmdStats(ctx context.Context, cfg Config, std IO) error {
	fs := newFlags("stats")
	month := fs.String("month", "", "统计月份 YYYY-MM")
	from := fs.String("from", "", "区间起始日期 YYYY-MM-DD")
	to := fs.String("to", "", "区间截止日期 YYYY-MM-DD")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parseFlags(fs, cfg.Args); err != nil {
		return err
	}
	p, err := period(*month, *from, *to)
	if err != nil {
		return err
	}
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Stats(ctx, p)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(std.Out)
		enc.SetEscapeHTML(false)
		return enc.Encode(st)
	}
	printStats(std, st)
	return nil
}

// period reads either --month or --from/--to.
func period(month, from, to string) (model.Period, error) {
	switch {
	case month != "" && (from != "" || to != ""):
		return model.Period{}, usagef("--month 与 --from/--to 只能用一种：请删去其中之一")
	case month != "":
		p, err := model.ParseMonth(month)
		if err != nil {
			return p, usagef("%v", err)
		}
		return p, nil
	case from != "" && to != "":
		f, err := model.ParseDate(from)
		if err != nil {
			return model.Period{}, usagef("--from：%v", err)
		}
		t, err := model.ParseDate(to)
		if err != nil {
			return model.Period{}, usagef("--to：%v", err)
		}
		if t.Before(f) {
			return model.Period{}, usagef("统计区间有误：截止日期 %s 早于起始日期 %s", to, from)
		}
		return model.Period{From: f, To: t}, nil
	}
	return model.Period{}, usagef("请用 --month YYYY-MM 指定统计月份，或用 --from 和 --to 指定区间")
}

func printStats(std IO, st model.Stats) {
	fmt.Fprintf(std.Out, "统计区间：%s 至 %s\n\n", st.From, st.To)
	w := tabwriter.NewWriter(std.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "登记\t%d\n受理\t%d\n不予受理\t%d\n转送交办\t%d\n办结\t%d\n超期未结\t%d\n积案化解\t%d\n\n",
		st.Received, st.Accepted, st.NotAccepted, st.Transferred, st.Closed, st.OverdueOpen, st.BacklogResolved)
	fmt.Fprintln(w, "指标\t分子\t分母\t比率")
	for _, key := range model.RateKeys {
		rate, _ := st.Rates.Get(key)
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\n", model.RateLabel(key), rate.Num, rate.Den, rate)
	}
	w.Flush()
}
