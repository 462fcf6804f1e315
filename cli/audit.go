package cli

import (
	"context"
	"fmt"
)

func init() {
	register("audit", "audit verify                     校验操作记录链和事项记录是否被篡改", cmdAudit)
}

// cmdAudit checks the audit chain and the case seals; a broken one exits 1 naming the
// first bad entry or case.
func cmdAudit(ctx context.Context, cfg Config, std IO) error {
	if len(cfg.Args) == 0 || cfg.Args[0] != "verify" {
		return usagef("audit 的用法：baoan audit verify\n%s", usage())
	}
	if err := parseFlags(newFlags("audit verify"), cfg.Args[1:]); err != nil {
		return err
	}
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.VerifyAudit(ctx); err != nil {
		return err
	}
	fmt.Fprintln(std.Out, "校验通过：操作记录链完整，全部信访事项记录与操作记录相符")
	return nil
}
