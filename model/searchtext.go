package model

import "strings"

// PetitionerNames joins the petitioners' names as the ledger shows them, lead first.
func PetitionerNames(ps []Petitioner) string {
	names := make([]string, 0, len(ps))
	for _, p := range ps {
		names = append(names, p.Name)
	}
	return strings.Join(names, "、")
}

// SearchText is the text a case is found by: its number, summary and demands, and each
// petitioner's name, ID number and phone. Search matches substrings of it, so every field
// sits on its own line and a term cannot match across two fields.
func SearchText(c Case, ps []Petitioner) string {
	parts := []string{c.No, c.Summary, c.Demands}
	for _, p := range ps {
		parts = append(parts, p.Name, p.IDNumber, p.Phone)
	}
	var b strings.Builder
	for _, s := range parts {
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s)
	}
	return b.String()
}
